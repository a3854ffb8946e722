import { epochGrid, type SimulationConfig } from '../config/simulationConfig.js';
import { meanOf, simulateRun, type SimulationResult } from '../network/simulate.js';
import { defaultWorkers, mapInWorkers, siblingModule } from './pool.js';
import { recordOf, type SimulationRunJob, type SimulationRunOutcome } from './jobs.js';
import { startTeam } from './team.js';

/** Options of `simulateParallel`. */
export interface SimulateParallelOptions {
  /** Threads to use (default: every core, os.availableParallelism()). */
  readonly workers?: number;
  /** Called with (epochs done, epochs total) over all runs. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Use workers and thread teams even for runs too small to profit (tests of the parallel paths). */
  readonly eager?: boolean;
}

/** Work (FLOP) below which a run stays on this thread: starting a worker costs ~40 ms. */
const POOL_MIN_FLOP = 5e8;
/** A thread team needs long runs and at least this many output rows per product to pay off. */
const TEAM_MIN_FLOP = 2e9;
const TEAM_MIN_ROWS = 32;

/** Approximate training FLOP of one run: 6·N1·Σ_l w_l·w_{l+1} per epoch (exact for one hidden layer, Σ11 = I). */
export function runFlop(c: SimulationConfig): number {
  const widths = [...c.hiddenDims, c.outputDim];
  let s = 0;
  for (let l = 0; l + 1 < widths.length; l++) s += widths[l] * widths[l + 1];
  if (widths.length === 1) s = c.outputDim;
  return 6 * c.inputDim * s * Math.max(c.epochs, 1);
}

/**
 * `simulate` on every core, byte-identical to it (each run's randomness is its own stream,
 * and the kernels compute every element in one fixed order on any thread). Several runs are
 * spread over worker threads; a single long run has its products split over a thread team;
 * small runs stay on this thread (starting workers would cost more than they save).
 * From TypeScript sources (vitest), where workers cannot load the modules, it runs in-process.
 */
export async function simulateParallel(
  c: SimulationConfig,
  options: SimulateParallelOptions = {},
): Promise<SimulationResult> {
  const workers = Math.max(1, options.workers ?? defaultWorkers());
  const total = c.runs * c.epochs;
  const onProgress = options.onProgress
    ? (done: number) => options.onProgress!(Math.min(done, total), total)
    : undefined;
  let records;
  const work = options.eager ? Infinity : runFlop(c);
  const rows = options.eager ? Infinity : Math.min(c.outputDim, ...c.hiddenDims);
  if (c.runs === 1 || workers === 1 || work < POOL_MIN_FLOP) {
    const teamPays = c.integrator === 'gd' && work >= TEAM_MIN_FLOP && rows >= TEAM_MIN_ROWS;
    // Helpers start while this thread builds the task; the trainer waits for them at its first load.
    const team = workers > 1 && teamPays ? startTeam(workers) : undefined;
    try {
      records = [];
      let done = 0;
      for (let r = 0; r < c.runs; r++) {
        records.push(simulateRun(c, r, onProgress ? () => onProgress(++done) : undefined, team));
      }
    } finally {
      await team?.close();
    }
  } else {
    const jobs: SimulationRunJob[] = Array.from({ length: c.runs }, (_, run) => ({ config: c, run }));
    const outcomes = await mapInWorkers<SimulationRunJob, SimulationRunOutcome>(
      { module: siblingModule('jobs', import.meta.url), name: 'simulateRunJob' },
      jobs,
      { workers, onProgress },
    );
    records = outcomes.map(recordOf);
  }
  return { config: c, epochs: epochGrid(c.epochs, c.reportEvery), runs: records, mean: meanOf(records) };
}
