import { defaultWorkers, mapInWorkers, siblingModule } from '../parallel/pool.js';
import { outcomeValue, type JobOutcome } from './jobOutcome.js';
import type { PairRunRecord } from './pairRecord.js';
import {
  runProgressUnits,
  summarizeTransfer,
  type MeanSe,
  type TransferEngine,
  type TransferSimulation,
} from './simulateTransfer.js';
import type { TransferRunJob } from './transferJobs.js';
import { transferHasTheory, type TransferConfig } from './transferConfig.js';
import { transferTheoryCurves } from './transferTheory.js';

/** Options of `simulateTransferParallel` and `runTransferExperiment`. */
export interface TransferParallelOptions {
  /** Threads (default: every core); results do not depend on it. */
  readonly workers?: number;
  readonly engine?: TransferEngine;
  /** (done, total) in progress units (student epochs with `gd`, runs with `decoupled`). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * `simulateTransfer` with its runs spread over worker threads (src/parallel/pool.ts), identical to
 * it (each run draws from its own stream). From TypeScript sources (vitest) it runs in-process. Appendix R7.
 */
export async function simulateTransferParallel(
  c: TransferConfig,
  options: TransferParallelOptions = {},
): Promise<TransferSimulation> {
  const engine = options.engine ?? 'gd';
  const total = c.runs * runProgressUnits(c, engine);
  const jobs: TransferRunJob[] = Array.from({ length: c.runs }, (_, run) => ({ config: c, run, engine }));
  const outcomes = await mapInWorkers<TransferRunJob, JobOutcome<PairRunRecord>>(
    { module: siblingModule('transferJobs', import.meta.url), name: 'transferRunJob' },
    jobs,
    {
      workers: options.workers ?? defaultWorkers(),
      onProgress: options.onProgress ? (d) => options.onProgress!(Math.min(d, total), total) : undefined,
    },
  );
  return summarizeTransfer(c, outcomes.map(outcomeValue));
}

/**
 * The document `dlgen transfer --json` prints: A's normalised test error alone and jointly, and T^{A←B} (8.2)–(8.3).
 * The theory entries are null for nonlinear students or teachers (§8.7, §9.6: no theory applies; simulation only).
 */
export interface TransferReport {
  readonly config: TransferConfig;
  readonly epochs: number[];
  readonly alone: { readonly theory: number[] | null; readonly simulation: MeanSe<number[]> };
  readonly joint: { readonly theory: number[] | null; readonly simulation: MeanSe<number[]> };
  readonly transfer: { readonly theory: number | null; readonly simulation: MeanSe<number> };
}

/** Simulates a config (in parallel) and evaluates its theory on the same epochs (none for nonlinear students or teachers), Appendix R7, (8.2)–(8.3). */
export async function runTransferExperiment(
  c: TransferConfig,
  options: TransferParallelOptions = {},
): Promise<TransferReport & { simulation: TransferSimulation }> {
  const simulation = await simulateTransferParallel(c, options);
  const theory = transferHasTheory(c) ? transferTheoryCurves(c) : null;
  return {
    config: c,
    epochs: simulation.epochs,
    alone: { theory: theory?.aloneTestError ?? null, simulation: simulation.alone },
    joint: { theory: theory?.jointTestError ?? null, simulation: simulation.joint },
    transfer: { theory: theory?.transfer ?? null, simulation: simulation.transfer },
    simulation,
  };
}
