import { DivergenceError } from '../network/divergence.js';

/** A job's value, or the divergence that stopped it (class instances do not survive a worker's structured clone). */
export type JobOutcome<T> =
  | { readonly value: T }
  | { readonly divergence: { epoch: number; learningRate: number; stableLearningRate: number; message: string } };

/** Runs f, turning a DivergenceError into data that can cross threads (§2 training). */
export function catchDivergence<T>(f: () => T): JobOutcome<T> {
  try {
    return { value: f() };
  } catch (e) {
    if (e instanceof DivergenceError) {
      return {
        divergence: {
          epoch: e.epoch,
          learningRate: e.learningRate,
          stableLearningRate: e.stableLearningRate,
          message: e.message,
        },
      };
    }
    throw e;
  }
}

/** The value of an outcome, or its DivergenceError rebuilt and thrown (§2 training). */
export function outcomeValue<T>(o: JobOutcome<T>): T {
  if ('value' in o) return o.value;
  const d = o.divergence;
  throw Object.assign(Object.create(DivergenceError.prototype) as DivergenceError, {
    name: 'DivergenceError',
    message: d.message,
    epoch: d.epoch,
    learningRate: d.learningRate,
    stableLearningRate: d.stableLearningRate,
  });
}
