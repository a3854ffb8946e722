import type { Mat } from '../linalg/mat.js';
import { leakyTeacherOutputs, oneHotTaskFromOutputs } from '../task/nonlinearTeacher.js';
import type { Task } from '../task/task.js';
import type { TaskPair } from './taskPair.js';

/**
 * The pair with leaky-ReLU teachers (THEORY.md §8.7, §10 F11): the same draws (Ū_A, Ū_B, V̄_A, V̄_B, noise),
 * each task's teacher replaced by its outputs on the one-hot inputs, Σ_α φ(s̄_α ū_α φ(v̄_αᵀx)) per task, and the
 * joint teacher their stack. Needs one-hot inputs (P = N1); the joint modes of (8.1) no longer describe it.
 */
export function withLeakyTeachers(pair: TaskPair, slope: number): TaskPair {
  if (pair.a.spec.inputs !== 'onehot')
    throw new RangeError('teacherActivation: a nonlinear teacher needs one-hot inputs (examples = inputDim)');
  const outputs = (t: Task): Mat => leakyTeacherOutputs(t.uBar, t.sBar, t.vBar, slope);
  const rebuild = (t: Task, teacher: Mat): Task =>
    oneHotTaskFromOutputs(t.spec, teacher, t.noise, { uBar: t.uBar, sBar: t.sBar, vBar: t.vBar }, t.x);
  const ta = outputs(pair.a);
  const tb = outputs(pair.b);
  const stacked: Mat = {
    rows: ta.rows + tb.rows,
    cols: ta.cols,
    data: new Float64Array(ta.data.length + tb.data.length),
  };
  stacked.data.set(ta.data, 0);
  stacked.data.set(tb.data, ta.data.length);
  return {
    ...pair,
    a: rebuild(pair.a, ta),
    b: rebuild(pair.b, tb),
    joint: rebuild(pair.joint, stacked),
  };
}
