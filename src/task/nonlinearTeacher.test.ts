import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { buildTask } from './buildTask.js';
import { leakyTeacherOutputs, oneHotTaskFromOutputs } from './nonlinearTeacher.js';

describe('leaky-ReLU teachers (THEORY.md §8.7)', () => {
  it('apply φ to each mode’s hidden unit and outputs, summed over modes (a hand-computed rank-2 case)', () => {
    // ū_1 = (1, 0), ū_2 = (0, 1); v̄_1 = (1, −1)/√2, v̄_2 = (1, 1)/√2; s̄ = (2, 1); slope 0.5.
    const r = Math.SQRT1_2;
    const u = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
    const v = { rows: 2, cols: 2, data: new Float64Array([r, r, -r, r]) };
    const t = leakyTeacherOutputs(u, new Float64Array([2, 1]), v, 0.5);
    // e_1: hidden (r, r) → outputs (2r, r); e_2: hidden (φ(−r), r) = (−r/2, r) → (φ(−r), r) = (−r/2, r).
    expect([...t.data].map((x) => x / r)).toEqual([2, -0.5, 1, 1].map((x) => expect.closeTo(x, 14)));
  });

  it('with slope 1 give the linear teacher W̄ = Ū diag(s̄) V̄ᵀ (to rounding), and a one-hot task from them equals buildTask’s', () => {
    const spec = {
      inputDim: 9,
      outputDim: 6,
      examples: 9,
      teacherSingularValues: [3, 2, 0.5],
      noiseStd: 0.7,
      inputs: 'onehot' as const,
    };
    const task = buildTask(spec, createRng(4));
    const t = leakyTeacherOutputs(task.uBar, task.sBar, task.vBar, 1);
    t.data.forEach((x, i) => expect(Math.abs(x - task.teacher.data[i])).toBeLessThanOrEqual(1e-14));
    const again = oneHotTaskFromOutputs(spec, task.teacher, task.noise, task, task.x);
    expect(again.y.data).toEqual(task.y.data);
    expect(again.sigma31.data).toEqual(task.sigma31.data);
    expect(again.targetNormSq).toBe(task.targetNormSq);
    expect(again.teacherNormSq).toBe(task.teacherNormSq);
    expect(again.svd31.s).toEqual(task.svd31.s);
    expect(() =>
      oneHotTaskFromOutputs({ ...spec, inputs: 'orthogonal' }, task.teacher, task.noise, task, task.x),
    ).toThrow(/one-hot/);
  });
});
