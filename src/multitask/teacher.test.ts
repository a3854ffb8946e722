import { describe, expect, it } from 'vitest';
import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import { createRng } from '../random/rng.js';
import { argmaxLabels, drawMultitaskData, gaussianInputs } from './data.js';
import { drawTeacherPair } from './teacher.js';

const spec = { inputDim: 20, classes: 5, rank: 3, scaleA: 2, scaleB: 0.5, relatedness: 0.6 };

describe('drawTeacherPair', () => {
  it('builds W_A W_Bᵀ = q s_A s_B I_r, W_A W_Aᵀ = s_A² I_r and M = wW', () => {
    const p = drawTeacherPair(spec, createRng(1));
    const ab = matmul(p.a.features, p.b.features, { transB: true });
    const aa = matmul(p.a.features, p.a.features, { transB: true });
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        expect(ab.data[i * 3 + j]).toBeCloseTo(i === j ? 0.6 * 2 * 0.5 : 0, 12);
        expect(aa.data[i * 3 + j]).toBeCloseTo(i === j ? 4 : 0, 12);
      }
    }
    expect(p.a.map.rows).toBe(5);
    expect(p.a.map.cols).toBe(20);
    const m = matmul(p.b.outputMap, p.b.features);
    m.data.forEach((v, i) => expect(v).toBe(p.b.map.data[i]));
  });
  it('is reproducible by seed, and task A does not depend on s_B or q', () => {
    const p1 = drawTeacherPair(spec, createRng(7));
    const p2 = drawTeacherPair({ ...spec, scaleB: 3, relatedness: 0 }, createRng(7));
    expect(Array.from(p1.a.map.data)).toEqual(Array.from(p2.a.map.data));
    expect(Array.from(p1.b.outputMap.data)).toEqual(Array.from(p2.b.outputMap.data));
  });
  it('refuses r > d/2 and q outside [0, 1]', () => {
    expect(() => drawTeacherPair({ ...spec, rank: 11 }, createRng(1))).toThrow(/rank/);
    expect(() => drawTeacherPair({ ...spec, relatedness: 1.5 }, createRng(1))).toThrow(/relatedness/);
  });
});

describe('argmax labels and data', () => {
  const pair = drawTeacherPair(spec, createRng(2));
  it('noiseless labels are the argmax of Mx', () => {
    const x = gaussianInputs(20, 50, createRng(3));
    const labels = argmaxLabels(pair.a, x, { logitNoiseStd: 0, labelFlip: 0 }, createRng(4));
    const z = matmul(pair.a.map, x);
    for (let mu = 0; mu < 50; mu++) {
      let best = 0;
      for (let c = 1; c < 5; c++) if (z.data[c * 50 + mu] > z.data[best * 50 + mu]) best = c;
      expect(labels[mu]).toBe(best);
    }
    expect(() =>
      argmaxLabels(pair.a, gaussianInputs(3, 2, createRng(1)), { logitNoiseStd: 0, labelFlip: 0 }, createRng(1)),
    ).toThrow(/rows/);
  });
  it('flips are drawn once: the same stream gives the same flipped labels, and f = 1 gives uniform labels', () => {
    const x = gaussianInputs(20, 4000, createRng(3));
    const a = argmaxLabels(pair.a, x, { logitNoiseStd: 0.2, labelFlip: 0.3 }, createRng(5));
    const b = argmaxLabels(pair.a, x, { logitNoiseStd: 0.2, labelFlip: 0.3 }, createRng(5));
    expect(Array.from(a)).toEqual(Array.from(b));
    const clean = argmaxLabels(pair.a, x, { logitNoiseStd: 0.2, labelFlip: 0 }, createRng(5));
    let changed = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== clean[i]) changed++;
    // P(changed) = f (1 − 1/C) = 0.24; 4000 draws: sd 0.0068.
    expect(Math.abs(changed / 4000 - 0.24)).toBeLessThan(5 * 0.0068);
    const uniform = argmaxLabels(pair.a, x, { logitNoiseStd: 0, labelFlip: 1 }, createRng(5));
    const counts = new Array(5).fill(0);
    uniform.forEach((l) => counts[l]++);
    for (const n of counts) expect(Math.abs(n / 4000 - 0.2)).toBeLessThan(5 * Math.sqrt(0.16 / 4000));
  });
  it('drawMultitaskData: sizes, clean validation, separate or shared inputs', () => {
    const base = {
      trainExamples: 30,
      auxExamples: 60,
      testExamples: 40,
      logitNoiseStd: 1,
      labelFlip: 0,
      cleanValidation: false,
      sharedSamples: false,
    };
    const d = drawMultitaskData(pair, base, createRng(9));
    expect(d.trainA.x.cols).toBe(30);
    expect(d.trainB.x.cols).toBe(60);
    expect(d.testA.labels.length).toBe(40);
    expect(d.trainB.x).not.toBe(d.trainA.x);
    const clean = drawMultitaskData(pair, { ...base, cleanValidation: true }, createRng(9));
    expect(Array.from(clean.trainA.labels)).toEqual(Array.from(d.trainA.labels));
    expect(Array.from(clean.testA.x.data)).toEqual(Array.from(d.testA.x.data));
    const z = matmul(pair.a.map, clean.testA.x);
    for (let mu = 0; mu < 40; mu++) {
      let best = 0;
      for (let c = 1; c < 5; c++) if (z.data[c * 40 + mu] > z.data[best * 40 + mu]) best = c;
      expect(clean.testA.labels[mu]).toBe(best);
    }
    const shared = drawMultitaskData(pair, { ...base, auxExamples: 30, sharedSamples: true }, createRng(9));
    expect(shared.trainB.x).toBe(shared.trainA.x);
    expect(shared.testB.x).toBe(shared.testA.x);
  });
  it('cleanValidation "authors": the noise lands on a random half of the train and of the test labels', () => {
    // σ = 1e6 makes a noisy label uniform; a clean one is the argmax. P(label = argmax) = 1/2 + 1/(2C) = 0.6
    // (C = 5) for both sets; 4000 labels each: sd 0.0077, so 6 sd = 0.047.
    const spec = {
      trainExamples: 4000,
      auxExamples: 4000,
      testExamples: 4000,
      logitNoiseStd: 1e6,
      labelFlip: 0,
      cleanValidation: 'authors' as const,
      sharedSamples: false,
    };
    const d = drawMultitaskData(pair, spec, createRng(11));
    const agreement = (set: { x: Mat; labels: Int32Array }): number => {
      const clean = argmaxLabels(pair.a, set.x, { logitNoiseStd: 0, labelFlip: 0 }, createRng(0));
      return clean.filter((l, mu) => l === set.labels[mu]).length / clean.length;
    };
    expect(Math.abs(agreement(d.trainA) - 0.6)).toBeLessThan(0.047);
    expect(Math.abs(agreement(d.testA) - 0.6)).toBeLessThan(0.047);
    // With true, the test labels are all clean and the training labels all noisy (agreement 1/C).
    const split = drawMultitaskData(pair, { ...spec, cleanValidation: true }, createRng(11));
    expect(agreement(split.testA)).toBe(1);
    expect(Math.abs(agreement(split.trainA) - 0.2)).toBeLessThan(6 * Math.sqrt(0.16 / 4000));
  });
});
