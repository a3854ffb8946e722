import { describe, expect, it } from 'vitest';
import { modeStrength } from '../dynamics/modeStrength.js';
import { bulkIntegral } from '../rmt/bulkIntegral.js';
import { noisySingularValue, outputOverlapSq, overlap } from '../rmt/spikedModel.js';
import { createRng } from '../random/rng.js';
import { buildAsymptoticModel } from '../theory/asymptoticModel.js';
import { meanSe, simulateTransferRun } from './simulateTransfer.js';
import { resolveTransferConfig } from './transferConfig.js';
import {
  aloneOptimalStopping,
  aloneTheorySpec,
  buildJointTheory,
  jointOptimalStopping,
  jointTestErrorA,
  theoryTransfer,
  transferTheoryCurves,
  type TransferTheorySpec,
} from './transferTheory.js';

const paper: TransferTheorySpec = {
  inputDim: 100,
  examples: 100,
  outputDimA: 50,
  outputDimB: 50,
  hiddenDims: [50],
  singularValuesA: [3],
  singularValuesB: [10],
  alignment: 0.5,
  noiseStd: Math.SQRT2,
  learningRate: 1e-3,
  initScale: 1e-5,
};

/**
 * (8.3) exactly as THEORY.md §8.4 writes it for rank one, P = N1: eigenvectors c_± of G (8.1), overlaps (4.6)–(4.8)
 * at aspect A_J, strengths (3.3), and the fitted bulk f_A n_noise ∫_{R_in} s² ρ. Independent of src/transfer.
 */
function literal83(spec: TransferTheorySpec, t: number): number {
  const [a, b] = [spec.singularValuesA[0], spec.singularValuesB[0]];
  const q = spec.alignment as number;
  const sigma = spec.noiseStd;
  const n3 = spec.outputDimA + spec.outputDimB;
  const aspect = n3 / spec.inputDim;
  const fA = spec.outputDimA / n3;
  const half = (a * a - b * b) / 2;
  const root = Math.hypot(half, q * a * b);
  const plus = (a * a + b * b) / 2 + root;
  const minus = (a * a + b * b) / 2 - root;
  // c_+ ∝ (q a b, λ_+ − a²); c_− ⊥ c_+.
  let cp = [q * a * b, plus - a * a];
  const norm = Math.hypot(cp[0], cp[1]);
  cp = [cp[0] / norm, cp[1] / norm];
  const modes = [
    { s: Math.sqrt(plus), cA: cp[0], cB: cp[1] },
    { s: Math.sqrt(Math.max(0, minus)), cA: -cp[1], cB: cp[0] },
  ];
  const dyn = { initScale: spec.initScale, tau: 1 / spec.learningRate, depth: 2 };
  let sum = 0;
  for (const m of modes) {
    const ou2 = outputOverlapSq(m.s, aspect, sigma);
    const o = overlap(m.s, aspect, sigma);
    const st = modeStrength(t, noisySingularValue(m.s, aspect, sigma), dyn);
    const cross = m.s > 0 ? (m.cA * (m.cA * a + m.cB * b * q)) / m.s : 0;
    sum += st * st * (ou2 * m.cA * m.cA + (1 - ou2) * fA) - 2 * st * a * o * cross;
  }
  const nNoise = n3 - 2;
  const nFit = Math.min(spec.hiddenDims[0], n3) - 2;
  const bulk = bulkIntegral((x) => modeStrength(t, x, dyn) ** 2, aspect, sigma, {
    from: { mass: 1 - nFit / nNoise },
    relTol: 1e-12,
  }).value;
  return 1 + (sum + fA * nNoise * bulk) / (a * a);
}

describe('joint theory (8.3)', () => {
  it('equals THEORY.md (8.3) term by term (its cross term simplified to s̄_k a_k)', () => {
    for (const [a, b, q, n3b, n2] of [
      [3, 10, 0.5, 50, 50],
      [0.84, 10, 0.9, 50, 50],
      [3, 3, 0.3, 30, 40],
      [6, 1, 0.8, 50, 20],
      [1.2, 25, 1, 20, 70],
    ]) {
      const spec = {
        ...paper,
        singularValuesA: [a],
        singularValuesB: [b],
        alignment: q,
        outputDimB: n3b,
        hiddenDims: [n2],
      };
      const theory = buildJointTheory(spec);
      for (const t of [0, 500, 1500, 2500, 4000, 6000]) {
        expect(jointTestErrorA(theory, t), `${[a, b, q, n3b, n2]} at t = ${t}`).toBeCloseTo(literal83(spec, t), 9);
      }
    }
  });

  it('starts at 1 − 2εΣ pull_k/‖W̄_A‖² + O(ε²) and never goes below 0 (Σ pull²/weight ≤ ‖W̄_A‖²)', () => {
    for (const q of [0, 0.4, 1]) {
      const theory = buildJointTheory({ ...paper, singularValuesA: [0.5], alignment: q });
      const linear = (2 * 1e-5 * theory.pull.reduce((s, p) => s + p, 0)) / 0.25;
      expect(Math.abs(jointTestErrorA(theory, 0) - (1 - linear))).toBeLessThan((50 * 1e-10) / 0.25);
      for (let t = 0; t <= 20_000; t += 250) expect(jointTestErrorA(theory, t)).toBeGreaterThanOrEqual(-1e-12);
    }
  });

  it('reduces to A alone without noise and with orthogonal features, to O(ε²) (§8.5 (a))', () => {
    const spec = { ...paper, noiseStd: 0, alignment: 0 };
    const joint = buildJointTheory(spec);
    const alone = buildAsymptoticModel(aloneTheorySpec(spec));
    const aloneCurve = transferTheoryCurves({ ...spec, epochs: 5000, reportEvery: 50 });
    aloneCurve.epochs.forEach((t, i) =>
      expect(Math.abs(jointTestErrorA(joint, t) - aloneCurve.aloneTestError[i])).toBeLessThan(8 * 50 * 1e-10),
    );
    expect(Math.abs(theoryTransfer(spec, 5000).transfer)).toBeLessThan(8 * 50 * 1e-10);
    expect(alone.signals[0].sHat).toBe(3);
  });

  it('keeps the same optima with 60 uniform samples as with 400 (the anchors carry the resolution)', () => {
    const rng = createRng('uniform-samples');
    const logU = (lo: number, hi: number) => Math.exp(Math.log(lo) + rng.uniform() * Math.log(hi / lo));
    for (let i = 0; i < 12; i++) {
      const n1 = 20 + Math.floor(rng.uniform() * 180);
      const n3a = 2 + Math.floor(rng.uniform() * (n1 / 2 - 2));
      const n3b = 1 + Math.floor(rng.uniform() * (n1 - n3a - 1));
      const sigma = 0.5 + 1.5 * rng.uniform();
      const inst = {
        spec: {
          ...paper,
          inputDim: n1,
          examples: n1,
          outputDimA: n3a,
          outputDimB: n3b,
          hiddenDims: [1 + Math.floor(rng.uniform() * (n3a + n3b))],
          singularValuesA: [sigma * logU(0.2, 10)],
          singularValuesB: [sigma * logU(0.2, 70)],
          noiseStd: sigma,
          initScale: logU(1e-7, 1e-3),
        },
        horizonTau: 3 + 37 * rng.uniform(),
      };
      for (const q of [0.3, 1]) {
        const s = { ...inst.spec, alignment: q };
        const h = inst.horizonTau / s.learningRate;
        const j = buildJointTheory(s);
        expect(
          Math.abs(jointOptimalStopping(j, h, { uniform: 60 }).minError - jointOptimalStopping(j, h).minError),
        ).toBeLessThan(1e-12);
        const m = buildAsymptoticModel(aloneTheorySpec(s));
        expect(
          Math.abs(aloneOptimalStopping(m, h, { uniform: 60 }).minError - aloneOptimalStopping(m, h).minError),
        ).toBeLessThan(1e-12);
      }
    }
  });

  it('gives curves on the recorded epochs whose optima are global minima (R5, §6)', () => {
    const c = transferTheoryCurves({ ...paper, epochs: 5000, reportEvery: 25 });
    expect(c.epochs).toHaveLength(201);
    expect(c.alone.minError).toBeLessThanOrEqual(Math.min(...c.aloneTestError) + 1e-12);
    expect(c.joint.minError).toBeLessThanOrEqual(Math.min(...c.jointTestError) + 1e-12);
    expect(c.transfer).toBeCloseTo(c.alone.minError - c.joint.minError, 15);
  });

  it('shows the paper F7 regimes (§8.5): an undetectable target is helped by an aligned strong partner, a moderate one hurt at q = 0, a strong one barely moved', () => {
    const t = (a: number, b: number, q: number) =>
      theoryTransfer({ ...paper, singularValuesA: [a], singularValuesB: [b], alignment: q }, 5000).transfer;
    expect(t(0.84, 10, 1)).toBeGreaterThan(0.3);
    expect(Math.abs(t(0.84, 10, 0))).toBeLessThan(1e-8);
    expect(t(3, 10, 0)).toBeLessThan(-0.1);
    expect(Math.abs(t(100, 10, 0.5))).toBeLessThan(1e-4);
  });

  it('predicts the simulation for P = 2N1 through the effective model of §4.5 (spot check, 40 runs)', () => {
    // At N1 = 40, P = 80, targets clear of the critical window; measured |Δ| ≤ 0.008 over 4 settings × 100 runs.
    for (const [a, b, q] of [
      [0.5, 10, 1],
      [5, 10, 0],
    ]) {
      const c = resolveTransferConfig({
        inputDim: 40,
        examples: 80,
        outputDimA: 20,
        outputDimB: 20,
        hiddenDims: [20],
        singularValuesA: [a],
        singularValuesB: [b],
        alignment: q,
        learningRate: 0.003,
        epochs: 1667,
        reportEvery: 5,
        runs: 40,
        seed: 5,
      });
      const sim = meanSe(
        Array.from({ length: c.runs }, (_, r) => simulateTransferRun(c, r, { engine: 'decoupled' }).transfer),
      );
      const th = theoryTransfer(c, c.epochs).transfer;
      expect(Math.abs(sim.mean - th), `${[a, b, q]}: sim ${sim.mean} ± ${sim.se}, theory ${th}`).toBeLessThan(
        0.05 + 5 * (sim.se ?? 0),
      );
    }
  });
});
