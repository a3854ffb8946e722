import { matmul } from '../linalg/gemm.js';
import type { Task } from '../task/task.js';
import { isLinearStudent, type HeadData, type ModelSpec } from './model.js';
import { endToEnd } from './product.js';
import { createRecorder } from './recordRun.js';
import { headLosses, type LossReduction } from './reference.js';
import type { RunRecord } from './student.js';
import type { Sink } from './trainModel.js';

/** What `createModelRecorder` records, one entry per recorded epoch. */
export interface ModelRecord {
  readonly epochs: number[];
  /** trainLoss[k][i]: head k's loss on its training data at recorded epoch i. */
  readonly trainLoss: number[][];
  /** testLoss[k][i], when test data was given. */
  readonly testLoss?: number[][];
  /** Linear students with a task: today's train/test error and mode strengths (1.6)–(1.7), (3.1). */
  readonly task?: RunRecord;
}

/** Options of `createModelRecorder`. */
export interface ModelRecorderOptions {
  readonly train: readonly HeadData[];
  readonly test?: readonly HeadData[];
  readonly reduction?: LossReduction;
  /** For a linear student trained on this task's data: also record train/test error and mode strengths. */
  readonly task?: Task;
}

/**
 * The recorder of the model engine: a sink that reads each record view and keeps every head's
 * train (and test) loss and, for a linear student on a task, the same records as `simulate`
 * (W = W^{D_w}⋯W^1 and E = Σ31 − WΣ11 formed from the view's weights).
 */
export function createModelRecorder(
  model: ModelSpec,
  options: ModelRecorderOptions,
): { sink: Sink; result(): ModelRecord } {
  if (options.task && !isLinearStudent(model))
    throw new RangeError(
      'createModelRecorder: task records (errors, mode strengths) are defined for linear single-head students without biases',
    );
  const epochs: number[] = [];
  const trainLoss: number[][] = model.heads.map(() => []);
  const testLoss: number[][] | undefined = options.test ? model.heads.map(() => []) : undefined;
  const taskRecorder = options.task ? createRecorder(options.task) : undefined;
  const sink: Sink = ({ epoch, weights }) => {
    epochs.push(epoch);
    headLosses(model, weights, options.train, options.reduction).forEach((l, k) => trainLoss[k].push(l));
    if (options.test)
      headLosses(model, weights, options.test, options.reduction).forEach((l, k) => testLoss![k].push(l));
    if (taskRecorder) {
      const task = options.task!;
      const w = endToEnd(weights.layers);
      const e = matmul(w, task.sigma11);
      for (let i = 0; i < e.data.length; i++) e.data[i] = task.sigma31.data[i] - e.data[i];
      taskRecorder.add(epoch, w, e);
    }
  };
  return { sink, result: () => ({ epochs, trainLoss, testLoss, task: taskRecorder?.result() }) };
}
