import type { SimulationConfig } from '../config/simulationConfig.js';
import { DivergenceError } from '../network/divergence.js';
import { simulateRun } from '../network/simulate.js';
import type { RunRecord } from '../network/student.js';

/** One run of a simulation, as sent to a worker. */
export interface SimulationRunJob {
  readonly config: SimulationConfig;
  readonly run: number;
}

/** A run's record, or the divergence it hit (class instances do not survive structured clone). */
export type SimulationRunOutcome =
  | { readonly record: RunRecord }
  | { readonly divergence: { epoch: number; learningRate: number; stableLearningRate: number; message: string } };

/** Progress is reported in chunks of this many epochs. */
const REPORT_EVERY = 100;

/** Job function of simulateParallel: run `run` of `config`, exactly as `simulate` does it. */
export function simulateRunJob(job: SimulationRunJob, report: (epochs: number) => void): SimulationRunOutcome {
  let pending = 0;
  const onEpoch = () => {
    if (++pending === REPORT_EVERY) {
      report(pending);
      pending = 0;
    }
  };
  try {
    const record = simulateRun(job.config, job.run, onEpoch);
    if (pending > 0) report(pending);
    return { record };
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

/** The record of an outcome, or the DivergenceError it carried, rebuilt and thrown. */
export function recordOf(o: SimulationRunOutcome): RunRecord {
  if ('record' in o) return o.record;
  const d = o.divergence;
  const e = Object.assign(Object.create(DivergenceError.prototype) as DivergenceError, {
    name: 'DivergenceError',
    message: d.message,
    epoch: d.epoch,
    learningRate: d.learningRate,
    stableLearningRate: d.stableLearningRate,
  });
  throw e;
}
