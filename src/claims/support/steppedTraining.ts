import type { UpdateOrder } from '../../config/simulationConfig.js';
import { matmul } from '../../linalg/gemm.js';
import { clone, type Mat } from '../../linalg/mat.js';
import { endToEnd } from '../../network/product.js';
import { runSchedule } from '../../network/schedule.js';
import type { Layers, TrainingSpec } from '../../network/student.js';
import type { Observer } from '../../network/trainer.js';
import type { Task } from '../../task/task.js';

/** One GD epoch as a function of the layers (the reference form, or a planted bug). */
export type EpochStep = (layers: Layers, sigma31: Mat, sigma11: Mat, lr: number, update: UpdateOrder) => Layers;

/**
 * Trains with an arbitrary epoch function on the engine's epoch schedule and calls `observe`
 * at the recorded epochs, like the fast trainer does. Used to run planted-bug variants of GD
 * through the same claim checks.
 */
export function trainWithStep(
  task: Task,
  initial: Layers,
  update: UpdateOrder,
  training: TrainingSpec,
  step: EpochStep,
  observe: Observer,
): void {
  let layers = initial.map(clone);
  runSchedule(
    training,
    () => (layers = step(layers, task.sigma31, task.sigma11, training.learningRate, update)),
    (t) => {
      const w = endToEnd(layers);
      const e = matmul(w, task.sigma11);
      for (let i = 0; i < e.data.length; i++) e.data[i] = task.sigma31.data[i] - e.data[i];
      observe(t, layers, w, e);
    },
  );
}
