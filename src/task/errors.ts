import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import { frobeniusDistSq } from '../linalg/norms.js';
import type { Task } from './task.js';

/** Normalised test error ‖W − W̄‖²_F / ‖W̄‖²_F (1.6): 1 for W = 0. */
export function testError(task: Task, w: Mat): number {
  return frobeniusDistSq(w, task.teacher) / task.teacherNormSq;
}

/** Normalised train error ‖WX − Ŷ‖²_F / ‖Ŷ‖²_F (1.7), computed directly (the reference). */
export function trainError(task: Task, w: Mat): number {
  return frobeniusDistSq(matmul(w, task.x), task.y) / task.targetNormSq;
}
