import { epochGrid, type SimulationConfig } from '../config/simulationConfig.js';
import { meanOf, simulateRun, type SimulationResult } from '../network/simulate.js';
import { defaultWorkers, mapInWorkers, siblingModule } from './pool.js';
import { recordOf, type SimulationRunJob, type SimulationRunOutcome } from './jobs.js';
import { createTeam } from './team.js';

/** Options of `simulateParallel`. */
export interface SimulateParallelOptions {
  /** Threads to use (default: every core, os.availableParallelism()). */
  readonly workers?: number;
  /** Called with (epochs done, epochs total) over all runs. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * `simulate` on every core, byte-identical to it (each run's randomness is its own stream,
 * and the kernels compute every element in one fixed order on any thread). Several runs are
 * spread over worker threads; a single run has its products split over a thread team.
 * From TypeScript sources (vitest), where workers cannot load the modules, it runs in-process.
 */
export async function simulateParallel(c: SimulationConfig, options: SimulateParallelOptions = {}): Promise<SimulationResult> {
  const workers = Math.max(1, options.workers ?? defaultWorkers());
  const total = c.runs * c.epochs;
  const onProgress = options.onProgress ? (done: number) => options.onProgress!(Math.min(done, total), total) : undefined;
  let records;
  if (c.runs === 1 || workers === 1) {
    const team = workers > 1 ? await createTeam(workers) : undefined;
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
