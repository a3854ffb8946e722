import { defaultWorkers, mapInWorkers } from '../parallel/pool.js';
import { outcomeValue, type JobOutcome } from '../transfer/jobOutcome.js';
import { runProgressUnits, type TransferEngine } from '../transfer/simulateTransfer.js';
import type { TransferConfig } from '../transfer/transferConfig.js';
import type { TransferCellJob } from '../transfer/transferJobs.js';
import { sweepCellConfig, type SweepRow } from '../transfer/transferSweep.js';
import type { WorkUnit } from './assign.js';

/** Every option of a `dlgen transfer sweep` run that shapes its CSV: what the part files' config hash covers. */
export interface SweepRunConfig {
  readonly command: 'transfer sweep';
  /** The resolved base config (its seed is the root seed; every cell uses it, §10 F7). */
  readonly config: TransferConfig;
  readonly alignments: readonly number[];
  readonly snrs: readonly number[];
  readonly engine: TransferEngine;
}

/**
 * The units of a sweep: one per grid cell, alignment-major as `transferSweep` orders its rows,
 * with ids `<k>:q=<q>,snr=<m>`. A cell's runs draw only from the base seed and the cell's own
 * config, so a cell gives the same row wherever it runs. Cost: runs × progress units per run.
 */
export function planSweep(run: SweepRunConfig): WorkUnit<TransferCellJob>[] {
  if (run.alignments.length === 0)
    throw new RangeError('--alignments: got none; allowed: one or more numbers in [0, 1]');
  if (run.snrs.length === 0) throw new RangeError('--snrs: got none; allowed: one or more numbers in (0, 1e6]');
  for (const q of run.alignments)
    if (!(q >= 0 && q <= 1)) throw new RangeError(`--alignments: got ${q}; allowed: numbers in [0, 1]`);
  for (const m of run.snrs)
    if (!(Number.isFinite(m) && m > 0 && m <= 1e6))
      throw new RangeError(`--snrs: got ${m}; allowed: numbers in (0, 1e6]`);
  const cost = run.config.runs * runProgressUnits(run.config, run.engine);
  const units: WorkUnit<TransferCellJob>[] = [];
  for (const q of run.alignments) {
    for (const m of run.snrs) {
      units.push({
        id: `${units.length}:q=${q},snr=${m}`,
        cost,
        job: { config: sweepCellConfig(run.config, q, m), snr: m, engine: run.engine },
      });
    }
  }
  return units;
}

/** Runs the given cells (over worker threads; the rows do not depend on it), rows in the order given. */
export async function runSweepUnits(
  units: readonly WorkUnit<TransferCellJob>[],
  options: { readonly workers?: number; readonly onProgress?: (done: number, total: number) => void } = {},
): Promise<SweepRow[]> {
  const total = units.reduce((s, u) => s + u.cost, 0);
  const module = new URL(`../transfer/transferJobs${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  const outcomes = await mapInWorkers<TransferCellJob, JobOutcome<SweepRow>>(
    { module, name: 'transferCellJob' },
    units.map((u) => u.job),
    {
      workers: options.workers ?? defaultWorkers(),
      onProgress: options.onProgress ? (d) => options.onProgress!(Math.min(d, total), total) : undefined,
    },
  );
  return outcomes.map(outcomeValue);
}
