import type { UpdateOrder } from '../../config/simulationConfig.js';
import { matmul } from '../../linalg/gemm.js';
import { clone, type Mat } from '../../linalg/mat.js';
import { endToEnd } from '../../network/product.js';
import type { Layers, TrainingSpec } from '../../network/student.js';
import type { Observer } from '../../network/trainer.js';
import type { Task } from '../../task/task.js';

/** One GD epoch as a function of the layers (the reference form, or a planted bug). */
export type EpochStep = (layers: Layers, sigma31: Mat, sigma11: Mat, lr: number, update: UpdateOrder) => Layers;

/**
 * Trains with an arbitrary epoch function and calls `observe` at the recorded epochs, like the
 * fast trainer does. Used to run planted-bug variants of GD through the same claim checks.
 */
export function trainWithStep(task: Task, initial: Layers, update: UpdateOrder, training: TrainingSpec, step: EpochStep, observe: Observer): void {
  let layers = initial.map(clone);
  for (let t = 0; ; t++) {
    if (t % training.reportEvery === 0) {
      const w = endToEnd(layers);
      const e = matmul(w, task.sigma11);
      for (let i = 0; i < e.data.length; i++) e.data[i] = task.sigma31.data[i] - e.data[i];
      observe(t, layers, w, e);
    }
    if (t >= training.epochs) break;
    layers = step(layers, task.sigma31, task.sigma11, training.learningRate, update);
  }
}
