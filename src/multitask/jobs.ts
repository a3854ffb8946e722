import { NumericalError } from '../config/errors.js';
import type { MultitaskConfig } from './config.js';
import { trainMultitaskStudent, type StudentKind, type TaskAMetrics } from './protocol.js';

/** One student of one paired seed, as sent to a worker thread. */
export interface StudentJob {
  readonly config: MultitaskConfig;
  readonly seed: number;
  readonly kind: StudentKind;
}

/** A job's metrics, or the numerical trouble that stopped it (class instances do not survive a worker's structured clone). */
export type StudentOutcome = { readonly value: TaskAMetrics } | { readonly numerical: string };

/** Trains one student (worker entry point); reports one progress unit per epoch trained. */
export function studentJob(job: StudentJob, report: (units: number) => void): StudentOutcome {
  try {
    const value = trainMultitaskStudent(job.config, job.seed, job.kind);
    report(job.config.epochs);
    return { value };
  } catch (e) {
    if (e instanceof NumericalError) return { numerical: e.message };
    throw e;
  }
}

/** The metrics of an outcome, or its NumericalError rebuilt and thrown. */
export function outcomeMetrics(o: StudentOutcome): TaskAMetrics {
  if ('value' in o) return o.value;
  throw new NumericalError(o.numerical);
}
