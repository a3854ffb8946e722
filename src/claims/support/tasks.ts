import type { InputKind } from '../../config/simulationConfig.js';
import type { Rng } from '../../random/rng.js';
import { buildTask } from '../../task/buildTask.js';
import type { Task, TaskData, TaskSpec } from '../../task/task.js';

/** The task fields a claim instance carries: sizes, teacher spectrum and noise level (§1). */
export interface TaskShape {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
}

/** The TaskSpec of a claim instance with P = `examples` and the given inputs (§1). */
export function claimTaskSpec(s: TaskShape, examples: number, inputs: InputKind): TaskSpec {
  return {
    inputDim: s.inputDim,
    outputDim: s.outputDim,
    examples,
    teacherSingularValues: s.teacherSingularValues,
    noiseStd: s.noiseStd,
    inputs,
  };
}

/** The P = N1 task with one-hot inputs (X = I, Σ31 = Ŷ) of a claim instance, drawn from `rng` (§1). */
export function oneHotTask(s: TaskShape, rng: Rng): Task {
  return buildTask(claimTaskSpec(s, s.inputDim, 'onehot'), rng);
}

/** The task of a claim instance with P examples and Haar orthonormal inputs (Σ11 = I, D·I or a projector), drawn from `rng` (§1). */
export function orthogonalTask(s: TaskShape, examples: number, rng: Rng): Task {
  return buildTask(claimTaskSpec(s, examples, 'orthogonal'), rng);
}

/** The one-hot task of a claim instance without the SVD of Σ31 (the builder's cheap mode), for claims that take only what they need from Σ31 (§1, §4). */
export function oneHotTaskData(s: TaskShape, rng: Rng): TaskData {
  return buildTask(claimTaskSpec(s, s.inputDim, 'onehot'), rng, { svd: false });
}
