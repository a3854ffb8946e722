import { describe, expect, it } from 'vitest';
import { matmul } from '../linalg/gemm.js';
import { fromFactors, identity, scale, zeros, type Mat } from '../linalg/mat.js';
import { frobeniusDistSq, frobeniusSq, maxAbs } from '../linalg/norms.js';
import { createRng } from '../random/rng.js';
import { buildTask } from './buildTask.js';
import { testError, trainError } from './errors.js';
import type { TaskSpec } from './task.js';

const base: TaskSpec = {
  inputDim: 30,
  outputDim: 12,
  examples: 30,
  teacherSingularValues: [5, 3, 1],
  noiseStd: 1,
  inputs: 'orthogonal',
};

function maxDiff(a: Mat, b: Mat): number {
  let d = 0;
  for (let i = 0; i < a.data.length; i++) d = Math.max(d, Math.abs(a.data[i] - b.data[i]));
  return d;
}

describe('buildTask', () => {
  it('builds W̄ = Ū diag(s̄) V̄ᵀ, Ŷ = W̄X + Z, Σ11 = XXᵀ and Σ31 = ŶXᵀ (1.1)–(1.4)', () => {
    for (const inputs of ['orthogonal', 'gaussian', 'onehot'] as const) {
      for (const examples of inputs === 'onehot' ? [30] : [10, 30, 75]) {
        const t = buildTask({ ...base, inputs, examples }, createRng(`t-${inputs}-${examples}`));
        expect(maxDiff(t.teacher, fromFactors(t.uBar, t.sBar, t.vBar))).toBe(0);
        const wx = matmul(t.teacher, t.x);
        expect(maxDiff({ ...wx, data: wx.data.map((v, i) => v + t.noise.data[i]) }, t.y)).toBeLessThan(1e-14);
        expect(maxDiff(t.sigma31, matmul(t.y, t.x, { transB: true }))).toBeLessThan(1e-12);
        expect(maxDiff(t.sigma11, matmul(t.x, t.x, { transB: true }))).toBeLessThan(1e-12);
        expect(t.teacherNormSq).toBeCloseTo(25 + 9 + 1, 12);
        expect(t.targetNormSq).toBeCloseTo(frobeniusSq(t.y), 10);
      }
    }
  });

  it('gives Σ11 = I for P = N1 orthogonal inputs, D·I for P > N1, a rank-P projector for P < N1 (§1)', () => {
    const eq = buildTask(base, createRng(1));
    expect(eq.sigma11Kind).toBe('identity');
    expect(maxDiff(matmul(eq.x, eq.x, { transB: true }), identity(30))).toBeLessThan(1e-12);
    const more = buildTask({ ...base, examples: 75 }, createRng(2));
    expect(more.sigma11Kind).toBe('scaled');
    expect(more.sigma11Scale).toBe(2.5);
    expect(maxDiff(matmul(more.x, more.x, { transB: true }), scale(identity(30), 2.5))).toBeLessThan(1e-12);
    const fewer = buildTask({ ...base, examples: 10 }, createRng(3));
    expect(fewer.sigma11Kind).toBe('projector');
    const p2 = matmul(fewer.sigma11, fewer.sigma11);
    expect(maxDiff(p2, fewer.sigma11)).toBeLessThan(1e-12);
    let trace = 0;
    for (let i = 0; i < 30; i++) trace += fewer.sigma11.data[i * 31];
    expect(trace).toBeCloseTo(10, 10);
  });

  it('draws noise with variance σ_z²/N1 per entry (§0.3)', () => {
    const t = buildTask({ ...base, inputDim: 200, examples: 200, outputDim: 100, noiseStd: 3 }, createRng('var'));
    const n = t.noise.data.length; // 20000 entries: SE of the variance estimate is √2·var/√n ≈ 1%
    const variance = frobeniusSq(t.noise) / n;
    expect(Math.abs(variance / (9 / 200) - 1)).toBeLessThan((5 * Math.SQRT2) / Math.sqrt(n));
  });

  it('for σ_z = 0, the SVD of Σ31 recovers the teacher (P = N1), D·teacher (P > N1)', () => {
    const cases = [
      { examples: 30, inputs: 'orthogonal', d: 1 },
      { examples: 30, inputs: 'onehot', d: 1 },
      { examples: 90, inputs: 'orthogonal', d: 3 },
    ] as const;
    for (const { examples, inputs, d } of cases) {
      const t = buildTask({ ...base, examples, inputs, noiseStd: 0 }, createRng(`clean${examples}${inputs}`));
      const { u, s, v } = t.svd31;
      expect(Array.from(s.slice(0, 3)).map((x) => x / d)).toEqual([5, 3, 1].map((x) => expect.closeTo(x, 12)));
      expect(s[3]).toBeLessThan(1e-12);
      for (let k = 0; k < 3; k++) {
        let du = 0;
        let dv = 0;
        for (let i = 0; i < 12; i++) du += u.data[i * u.cols + k] * t.uBar.data[i * 3 + k];
        for (let j = 0; j < 30; j++) dv += v.data[j * v.cols + k] * t.vBar.data[j * 3 + k];
        expect(Math.abs(du)).toBeCloseTo(1, 12);
        expect(du * dv).toBeCloseTo(1, 12);
      }
    }
  });

  it('for σ_z = 0 and P < N1, Σ31 = W̄Σ11 is the teacher seen through the data subspace (§4.5)', () => {
    const t = buildTask({ ...base, examples: 10, noiseStd: 0 }, createRng('proj'));
    expect(maxDiff(t.sigma31, matmul(t.teacher, t.sigma11))).toBeLessThan(1e-12);
  });

  it('uses named streams: changing the noise level leaves teacher and inputs untouched', () => {
    const a = buildTask(base, createRng(5));
    const b = buildTask({ ...base, noiseStd: 2 }, createRng(5));
    expect(Array.from(a.teacher.data)).toEqual(Array.from(b.teacher.data));
    expect(Array.from(a.x.data)).toEqual(Array.from(b.x.data));
    expect(maxDiff(scale(a.noise, 2), b.noise)).toBeLessThan(1e-15);
  });

  it('normalises errors so that W = 0 gives 1 and W = W̄ gives test error 0 (1.6)–(1.7)', () => {
    const t = buildTask(base, createRng(9));
    const w0 = zeros(12, 30);
    expect(testError(t, w0)).toBe(1);
    expect(trainError(t, w0)).toBeCloseTo(1, 14);
    expect(testError(t, t.teacher)).toBe(0);
    expect(trainError(t, t.teacher)).toBeCloseTo(frobeniusSq(t.noise) / t.targetNormSq, 12);
    expect(maxAbs(t.teacher)).toBeGreaterThan(0);
    expect(frobeniusDistSq(t.teacher, t.teacher)).toBe(0);
  });

  it('cheap mode ({ svd: false }) gives the same task without the SVD of Σ31', () => {
    for (const inputs of ['orthogonal', 'gaussian', 'onehot'] as const) {
      const full = buildTask({ ...base, inputs }, createRng(`cheap-${inputs}`));
      const cheap = buildTask({ ...base, inputs }, createRng(`cheap-${inputs}`), { svd: false });
      expect('svd31' in cheap).toBe(false);
      for (const k of ['teacher', 'uBar', 'vBar', 'x', 'noise', 'y', 'sigma11', 'sigma31'] as const)
        expect(Array.from(cheap[k].data), k).toEqual(Array.from(full[k].data));
      expect(cheap.targetNormSq).toBe(full.targetNormSq);
    }
  });

  it('refuses a rank above min(N1, N3)', () => {
    expect(() => buildTask({ ...base, outputDim: 2 }, createRng(1))).toThrow(/rank 3 exceeds/);
  });
});
