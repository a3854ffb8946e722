import { describe, expect, it } from 'vitest';
import { svd } from '../../linalg/svd.js';
import { createRng } from '../../random/rng.js';
import { buildTask } from '../../task/buildTask.js';
import { column, dot, spikedDraw, topModeImage, topTriplet } from './spikedSample.js';

const model = { outputDim: 7, inputDim: 19, noiseStd: 0.7, teacherSingularValues: [3, 1.5] };

describe('spiked draws for the random-matrix claims', () => {
  it('spikedDraw is the one-hot task builder’s Σ31, bit for bit', () => {
    const task = buildTask({ inputDim: 19, outputDim: 7, examples: 19, teacherSingularValues: [3, 1.5], noiseStd: 0.7, inputs: 'onehot' }, createRng(42));
    const draw = spikedDraw(model, createRng(42));
    expect(Array.from(draw.sigma31.data)).toEqual(Array.from(task.sigma31.data));
    expect(Array.from(draw.uBar.data)).toEqual(Array.from(task.uBar.data));
    expect(Array.from(draw.vBar.data)).toEqual(Array.from(task.vBar.data));
  });

  it('topTriplet matches the SVD’s top triplet (up to a common sign)', () => {
    for (const seed of [1, 2, 3]) {
      const m = spikedDraw(model, createRng(seed)).sigma31;
      const t = topTriplet(m);
      const ref = svd(m);
      expect(t.s).toBeCloseTo(ref.s[0], 12);
      const sign = Math.sign(dot(t.u, column(ref.u, 0)));
      expect(Math.abs(dot(t.u, column(ref.u, 0)))).toBeCloseTo(1, 12);
      expect(sign * dot(t.v, column(ref.v, 0))).toBeCloseTo(1, 12);
    }
  });

  it('topModeImage gives sign-invariant overlap products equal to the SVD’s', () => {
    const draw = spikedDraw(model, createRng(5));
    const img = topModeImage(draw);
    const ref = svd(draw.sigma31);
    const u = dot(column(ref.u, 0), column(draw.uBar, 0));
    const v = dot(column(ref.v, 0), column(draw.vBar, 0));
    expect(img.uOverlap * img.vOverlap).toBeCloseTo(u * v, 12);
    expect(img.uOverlap ** 2).toBeCloseTo(u * u, 12);
  });

  it('rejects tall matrices', () => {
    expect(() => topTriplet({ rows: 3, cols: 2, data: new Float64Array(6) })).toThrow(/rows ≤ cols/);
  });
});
