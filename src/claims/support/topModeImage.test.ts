import { describe, expect, it } from 'vitest';
import { svd } from '../../linalg/svd.js';
import { createRng } from '../../random/rng.js';
import { buildTask } from '../../task/buildTask.js';
import { column, dot, topModeImage, topTriplet } from './topModeImage.js';

const spec = {
  inputDim: 19,
  outputDim: 7,
  examples: 19,
  teacherSingularValues: [3, 1.5],
  noiseStd: 0.7,
  inputs: 'onehot',
} as const;

describe('top mode image of a task', () => {
  it('topTriplet matches the SVD’s top triplet (up to a common sign)', () => {
    for (const seed of [1, 2, 3]) {
      const m = buildTask(spec, createRng(seed), { svd: false }).sigma31;
      const t = topTriplet(m);
      const ref = svd(m);
      expect(t.s).toBeCloseTo(ref.s[0], 12);
      const sign = Math.sign(dot(t.u, column(ref.u, 0)));
      expect(Math.abs(dot(t.u, column(ref.u, 0)))).toBeCloseTo(1, 12);
      expect(sign * dot(t.v, column(ref.v, 0))).toBeCloseTo(1, 12);
    }
  });

  it('topModeImage gives sign-invariant overlap products equal to the SVD’s', () => {
    const task = buildTask(spec, createRng(5));
    const img = topModeImage(task);
    const u = dot(column(task.svd31.u, 0), column(task.uBar, 0));
    const v = dot(column(task.svd31.v, 0), column(task.vBar, 0));
    expect(img.uOverlap * img.vOverlap).toBeCloseTo(u * v, 12);
    expect(img.uOverlap ** 2).toBeCloseTo(u * u, 12);
  });

  it('rejects tall matrices', () => {
    expect(() => topTriplet({ rows: 3, cols: 2, data: new Float64Array(6) })).toThrow(/rows ≤ cols/);
  });
});
