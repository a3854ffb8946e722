import { describe, expect, it } from 'vitest';
import { referenceMap, referenceRisk, toRows } from '../../test/finetuneReference.js';
import { matmul } from '../linalg/gemm.js';
import { transpose, type Mat } from '../linalg/mat.js';
import { frobenius, frobeniusDot, maxAbs } from '../linalg/norms.js';
import { createRng } from '../random/rng.js';
import { balancedFactorisation, balancedness } from './balanced.js';
import { buildCovariance, covarianceSpectrum } from './covariance.js';
import { deepFineTunedMap, depthScalars, fineTuneScale, limitScale } from './depthMap.js';
import { deterministicEquivalent, effectiveRidge } from './deterministicEquivalent.js';
import { frozenTrunkBound } from './frozenTrunk.js';
import { nearestInterpolant } from './interpolant.js';
import { drawShallowRelu, lazyFineTuned, reluOutput, tangentFeatures, tangentKernel } from './lazyKernel.js';
import { inputSpan, outOfSpan } from './projection.js';
import { expectedRisk, populationRisk, riskTerms } from './risk.js';
import { drawSamples } from './sample.js';
import { drawTeachers } from './teachers.js';

const rows = (m: Mat) => toRows(Array.from(m.data), m.rows, m.cols);
const relDist = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    n += b[i] ** 2;
  }
  return Math.sqrt(d / n);
};

function instance(
  seed: number,
  n1: number,
  p: number,
  shape: Parameters<typeof buildCovariance>[0],
  targetScale = 2,
  targetAngle = 0.4,
  noiseStd = 0,
) {
  const rng = createRng(seed);
  const cov = buildCovariance(shape, n1, rng.fork('covariance'));
  const t = drawTeachers(
    { inputDim: n1, outputDim: 1, sourceNorm: 1.5, targetScale, targetAngle },
    rng.fork('teachers'),
  );
  const s = drawSamples(t.target, cov, p, noiseStd, rng.fork('target'));
  return { cov, ...t, ...s, span: inputSpan(s.x) };
}

describe('covariance', () => {
  it('every spectrum is non-increasing with tr Σ = N1, and Σ = QΛQᵀ with Σ^{1/2}Σ^{1/2} = Σ', () => {
    for (const shape of [
      { kind: 'identity' },
      { kind: 'powerLaw', exponent: 1.3 },
      { kind: 'twoLevel', high: 10, low: 1, highCount: 5 },
      { kind: 'exponential', rate: 0.2 },
    ] as const) {
      const ev = covarianceSpectrum(shape, 30);
      expect(ev.reduce((a, b) => a + b, 0)).toBeCloseTo(30, 12);
      for (let i = 1; i < 30; i++) expect(ev[i]).toBeLessThanOrEqual(ev[i - 1]);
      const c = buildCovariance(shape, 30, createRng(3));
      const sq = matmul(c.sqrt, c.sqrt);
      expect(maxAbs({ ...sq, data: sq.data.map((v, i) => v - c.sigma.data[i]) })).toBeLessThan(1e-12 * maxAbs(c.sigma));
    }
    const two = covarianceSpectrum({ kind: 'twoLevel', high: 10, low: 1, highCount: 2 }, 4);
    [20 / 11, 20 / 11, 2 / 11, 2 / 11].forEach((v, i) => expect(two[i]).toBeCloseTo(v, 15));
    const axis = buildCovariance({ kind: 'powerLaw', exponent: 1, basis: 'axis' }, 5, createRng(1));
    expect(axis.sigma.data[0]).toBeCloseTo(axis.eigenvalues[0], 15);
    expect(axis.sigma.data[1]).toBe(0);
  });
  it('rejects an empty spectrum', () => {
    expect(() => covarianceSpectrum({ kind: 'twoLevel', high: 1, low: 0, highCount: 0 }, 3)).toThrow(/sums to 0/);
  });
});

describe('teachers', () => {
  it('‖W_S‖ = sourceNorm, ‖W_T‖ = targetScale·‖W_S‖ and the angle between them is φ', () => {
    const t = drawTeachers(
      { inputDim: 7, outputDim: 3, sourceNorm: 2, targetScale: 0.5, targetAngle: 1.1 },
      createRng(9),
    );
    expect(frobenius(t.source)).toBeCloseTo(2, 13);
    expect(frobenius(t.target)).toBeCloseTo(1, 13);
    expect(frobeniusDot(t.source, t.target) / 2).toBeCloseTo(Math.cos(1.1), 13);
    expect(() =>
      drawTeachers({ inputDim: 1, outputDim: 1, sourceNorm: 1, targetScale: 1, targetAngle: 1 }, createRng(1)),
    ).toThrow(/orthogonal/);
    expect(
      drawTeachers({ inputDim: 1, outputDim: 1, sourceNorm: 1, targetScale: 1, targetAngle: Math.PI }, createRng(1))
        .target.data[0],
    ).toBeCloseTo(
      -Math.sign(
        drawTeachers({ inputDim: 1, outputDim: 1, sourceNorm: 1, targetScale: 1, targetAngle: 0 }, createRng(1)).target
          .data[0],
      ),
      15,
    );
  });
});

describe('(A1) and (A5)/(A6) against an independent implementation', () => {
  const shapes = [
    { kind: 'identity' },
    { kind: 'powerLaw', exponent: 1 },
    { kind: 'twoLevel', high: 20, low: 1, highCount: 4 },
  ] as const;
  it.each([1, 2, 3, 5, 8, Infinity])('depth %s', (depth) => {
    for (const [k, shape] of shapes.entries()) {
      const ins = instance(10 + k, 20, 6, shape, 1.7, 0.9, 0.1);
      const ours = deepFineTunedMap(depth, ins.source, ins.y, ins.span);
      const ref = referenceMap(rows(ins.source), rows(ins.x), rows(ins.y), depth);
      expect(relDist(ours.map.data, ref.map)).toBeLessThan(1e-10);
      expect(Math.abs(ours.alpha - ref.alpha)).toBeLessThan(1e-10 * ref.alpha);
      expect(Math.abs(limitScale(depthScalars(ins.source, ins.y, ins.span)) - ref.alphaInfinity)).toBeLessThan(
        1e-10 * ref.alphaInfinity,
      );
      if (depth === 1)
        expect(relDist(nearestInterpolant(ins.source, ins.y, ins.span).data, ref.map)).toBeLessThan(1e-12);
      expect(populationRisk(ours.map, ins.target, ins.cov.sigma)).toBeCloseTo(
        referenceRisk(Array.from(ours.map.data), Array.from(ins.target.data), Array.from(ins.cov.sigma.data), 20),
        10,
      );
    }
  });
  it('α_N is monotone in N, between 1 and α_∞, and never overflows at extreme scales', () => {
    const ins = instance(4, 30, 5, { kind: 'identity' });
    const sc = depthScalars(ins.source, ins.y, ins.span);
    const a = [1, 2, 3, 4, 8, 16, 100, 1e4, 1e8].map((n) => fineTuneScale(n, sc));
    const inf = limitScale(sc);
    for (let i = 1; i < a.length; i++) expect((a[i] - a[i - 1]) * (inf - 1)).toBeGreaterThan(0);
    expect(Math.abs(a[a.length - 1] / inf - 1)).toBeLessThan(1e-6);
    for (const f of [1e-200, 1e200]) {
      const ext = { ...sc, fitSq: sc.fitSq * f };
      for (const n of [2, 3, 50]) {
        const al = fineTuneScale(n, ext);
        expect(Number.isFinite(al) && al > 0).toBe(true);
        const lhs = ((2 * n) / (n - 1)) * Math.log(al) + Math.log(ext.sourceSq);
        const rhs = Math.log(ext.fitSq + al * al * ext.outSq);
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * Math.max(1, Math.abs(rhs)));
      }
    }
    expect(fineTuneScale(3, { ...sc, fitSq: 0 })).toBeCloseTo(sc.outSq / sc.sourceSq, 14);
    expect(fineTuneScale(3, { ...sc, outSq: 0 })).toBeCloseTo(Math.pow(sc.fitSq / sc.sourceSq, 1 / 3), 14);
    expect(() => fineTuneScale(0, sc)).toThrow(/depth/);
    expect(() => fineTuneScale(2, { ...sc, sourceSq: 0 })).toThrow(/zero/);
    expect(() => limitScale({ ...sc, inSq: 0 })).toThrow(/undefined/);
  });
});

describe('(A2)', () => {
  it('the three terms add up to the population risk of (A1), and only Δ matters', () => {
    const ins = instance(21, 25, 7, { kind: 'powerLaw', exponent: 1.5 }, 1.2, 0.7, 0.3);
    const w = nearestInterpolant(ins.source, ins.y, ins.span);
    const terms = riskTerms(ins.source, ins.target, ins.noise, ins.span, ins.cov.sigma);
    const direct = populationRisk(w, ins.target, ins.cov.sigma);
    expect(Math.abs(terms.total - direct)).toBeLessThan(1e-12 * direct);
    // Shift both teachers by the same matrix: Δ and the risk are unchanged.
    const shift = drawTeachers(
      { inputDim: 25, outputDim: 1, sourceNorm: 3, targetScale: 1, targetAngle: 0 },
      createRng(5),
    ).source;
    const add = (a: Mat) => ({ ...a, data: a.data.map((v, i) => v + shift.data[i]) });
    const y2 = { ...ins.y, data: ins.y.data.map((v, i) => v + matmul(shift, ins.x).data[i]) };
    const r2 = populationRisk(nearestInterpolant(add(ins.source), y2, ins.span), add(ins.target), ins.cov.sigma);
    expect(Math.abs(r2 - direct)).toBeLessThan(1e-10 * direct);
  });
  it('its noise expectation matches a Monte Carlo mean within 4 standard errors', () => {
    const ins = instance(22, 20, 6, { kind: 'twoLevel', high: 5, low: 1, highCount: 3 });
    const sigma = 0.5;
    const expected = expectedRisk(ins.source, ins.target, ins.span, ins.cov.sigma, sigma);
    const rng = createRng('mc');
    const draws = 4000;
    let s = 0;
    let s2 = 0;
    for (let d = 0; d < draws; d++) {
      const z: Mat = { rows: 1, cols: 6, data: Float64Array.from({ length: 6 }, () => sigma * rng.normal()) };
      const r = riskTerms(ins.source, ins.target, z, ins.span, ins.cov.sigma).total;
      s += r;
      s2 += r * r;
    }
    const mean = s / draws;
    const se = Math.sqrt((s2 / draws - mean * mean) / draws);
    expect(Math.abs(mean - expected)).toBeLessThan(4 * se);
    expect(expectedRisk(ins.source, ins.target, ins.span, ins.cov.sigma, 0)).toBeLessThan(expected);
  });
});

describe('(A3)', () => {
  it('τ solves tr Σ(Σ+τ)⁻¹ = P, and Σ = I gives (1 − P/N1)‖Δ‖²', () => {
    const ev = covarianceSpectrum({ kind: 'powerLaw', exponent: 2 }, 100);
    const tau = effectiveRidge(ev, 30);
    expect(Math.abs(ev.reduce((s, l) => s + l / (l + tau), 0) - 30)).toBeLessThan(1e-10);
    const iso = buildCovariance({ kind: 'identity' }, 50, createRng(1));
    const delta: Mat = { rows: 1, cols: 50, data: Float64Array.from({ length: 50 }, (_, i) => Math.sin(i)) };
    const de = deterministicEquivalent(iso.eigenvalues, iso.basis, delta, 10);
    expect(de.risk).toBeCloseTo((1 - 10 / 50) * frobenius(delta) ** 2, 10);
    expect(() => effectiveRidge([1, 1], 2)).toThrow(/rank/);
    expect(() => effectiveRidge([1, -1], 1)).toThrow(/finite/);
  });
});

describe('balanced factorisation and the frozen-trunk bound', () => {
  it('reproduces W_S, is balanced to rounding, for scalar and matrix outputs', () => {
    for (const n3 of [1, 3]) {
      const t = drawTeachers(
        { inputDim: 9, outputDim: n3, sourceNorm: 2, targetScale: 1, targetAngle: 0 },
        createRng(n3),
      );
      const layers = balancedFactorisation(t.source, [5, 4, 6], createRng(2));
      let w = layers[0];
      for (const l of layers.slice(1)) w = matmul(l, w);
      expect(relDist(w.data, t.source.data)).toBeLessThan(1e-13);
      expect(balancedness(layers)).toBeLessThan(1e-13);
    }
    const t = drawTeachers({ inputDim: 9, outputDim: 3, sourceNorm: 2, targetScale: 1, targetAngle: 0 }, createRng(1));
    expect(() => balancedFactorisation(t.source, [2], createRng(1))).toThrow(/hiddenDims\[0\]/);
    expect(balancedFactorisation(t.source, [], createRng(1))[0].data).toEqual(t.source.data);
    expect(() => balancedFactorisation({ rows: 1, cols: 2, data: new Float64Array(2) }, [1], createRng(1))).toThrow(
      /zero/,
    );
  });
  it('a rank-1 trunk along W_S with W_TΣW_Sᵀ = 0 leaves at least W_TΣW_Tᵀ, and equals the closed form otherwise', () => {
    const cov = buildCovariance({ kind: 'powerLaw', exponent: 1 }, 12, createRng(4));
    const t = drawTeachers(
      { inputDim: 12, outputDim: 1, sourceNorm: 1, targetScale: 1.3, targetAngle: 0.8 },
      createRng(5),
    );
    const layers = balancedFactorisation(t.source, [4, 4], createRng(6));
    const trunk = matmul(layers[1], layers[0]);
    const ts = matmul(t.target, cov.sigma);
    const tst = frobeniusDot(ts, t.target);
    const cross = frobeniusDot(ts, t.source);
    const sss = frobeniusDot(matmul(t.source, cov.sigma), t.source);
    const b = frozenTrunkBound(trunk, t.target, cov.sqrt);
    expect(b.featureRank).toBe(1);
    expect(Math.abs(b.bestRisk - (tst - (cross * cross) / sss))).toBeLessThan(1e-12 * tst);
    // Make the target Σ-orthogonal to W_S.
    const orth = { ...t.target, data: t.target.data.map((v, i) => v - (cross / sss) * t.source.data[i]) };
    const bo = frozenTrunkBound(trunk, orth, cov.sqrt);
    expect(Math.abs(bo.bestRisk - frobeniusDot(matmul(orth, cov.sigma), orth))).toBeLessThan(1e-12 * tst);
  });
});

describe('(A7) lazy regime', () => {
  const n1 = 5;
  const net = drawShallowRelu(64, n1, createRng(7));
  const x: Mat = { rows: n1, cols: 6, data: Float64Array.from({ length: n1 * 6 }, (_, i) => Math.cos(1.7 * i + 0.3)) };
  it('the tangent features are the gradient (central differences) and K = ΦᵀΦ', () => {
    const phi = tangentFeatures(net, x);
    const k = tangentKernel(net, x, x);
    const kk = matmul(phi, phi, { transA: true });
    expect(relDist(k.data, kk.data)).toBeLessThan(1e-13);
    const h = 1e-6;
    for (const idx of [0, 7, 64 * n1 + 3]) {
      const bump = (d: number) => {
        const hidden = { ...net.hidden, data: new Float64Array(net.hidden.data) };
        const output = new Float64Array(net.output);
        if (idx < 64 * n1) hidden.data[idx] += d;
        else output[idx - 64 * n1] += d;
        return reluOutput({ hidden, output }, x);
      };
      const up = bump(h);
      const down = bump(-h);
      for (let c = 0; c < 6; c++)
        expect(Math.abs((up[c] - down[c]) / (2 * h) - phi.data[idx * 6 + c])).toBeLessThan(1e-7);
    }
  });
  it('(A7) interpolates the training targets and equals f_S + the min-norm linearised step elsewhere', () => {
    const y = Float64Array.from({ length: 6 }, (_, i) => Math.sin(i));
    const fit = lazyFineTuned(net, x, y, x);
    for (let i = 0; i < 6; i++) expect(fit[i]).toBeCloseTo(y[i], 10);
    const at: Mat = { rows: n1, cols: 2, data: Float64Array.from({ length: n1 * 2 }, (_, i) => Math.sin(0.9 * i)) };
    const phi = tangentFeatures(net, x);
    const span = inputSpan(phi);
    const fS = reluOutput(net, x);
    const resid: Mat = { rows: 1, cols: 6, data: y.map((v, i) => v - fS[i]) };
    const step = matmul(resid, span.pinv); // minimum-norm θ − θ_S
    const pred = matmul(step, tangentFeatures(net, at));
    const base = reluOutput(net, at);
    const ours = lazyFineTuned(net, x, y, at);
    for (let i = 0; i < 2; i++) expect(ours[i]).toBeCloseTo(base[i] + pred.data[i], 9);
    expect(() => lazyFineTuned(net, { rows: n1, cols: 2, data: new Float64Array(n1 * 2) }, [1, 2], at)).toThrow(
      /positive definite/,
    );
    expect(() => reluOutput(net, transpose(x))).toThrow(/rows/);
  });
});

describe('projection', () => {
  it('W(I − Π) is orthogonal to every input', () => {
    const ins = instance(30, 15, 4, { kind: 'exponential', rate: 0.3 });
    const perp = outOfSpan(ins.source, ins.span);
    expect(maxAbs(matmul(perp, ins.x))).toBeLessThan(1e-13 * frobenius(ins.x));
    expect(ins.span.rank).toBe(4);
  });
});
