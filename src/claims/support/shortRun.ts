import { modeStiffness } from '../../dynamics/modeStiffness.js';
import type { InitKind, UpdateOrder } from '../../config/simulationConfig.js';
import type { StudentSpec, TrainingSpec } from '../../network/student.js';
import type { Task } from '../../task/task.js';

/** The student and run settings a short-run claim (C15c, C18) draws: widths, init, update order and a step-size factor. */
export interface ShortRunSpec {
  readonly hiddenDims: readonly number[];
  readonly init: InitKind;
  readonly initScale: number;
  readonly update: UpdateOrder;
  /** λ = lrFactor · 0.1 / stiffness of the top data mode (`modeStiffness`), so the top mode's step is ≤ 0.1. */
  readonly lrFactor: number;
}

/** The student and a run of `epochs` steps recorded about ten times, at a learning rate scaled to the task's top mode (§3.3). */
export function shortRun(
  spec: ShortRunSpec,
  task: Task,
  epochs: number,
): { depth: number; student: StudentSpec; training: TrainingSpec } {
  const depth = spec.hiddenDims.length + 1;
  const top = Math.max(task.svd31.s[0], spec.initScale);
  const learningRate = (spec.lrFactor * 0.1) / modeStiffness(top, depth);
  const student: StudentSpec = {
    hiddenDims: spec.hiddenDims,
    init: spec.init,
    initScale: spec.initScale,
    update: spec.update,
  };
  const training: TrainingSpec = { learningRate, epochs, reportEvery: Math.max(1, Math.floor(epochs / 10)) };
  return { depth, student, training };
}
