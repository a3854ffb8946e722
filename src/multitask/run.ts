import { defaultWorkers, mapInWorkers, siblingModule } from '../parallel/pool.js';
import { meanAndSe } from './benefits.js';
import type { MultitaskConfig } from './config.js';
import { outcomeMetrics, type StudentJob, type StudentOutcome } from './jobs.js';
import { pairResult, type SeedResult } from './protocol.js';

/** What `dlgen multitask --json` prints: the resolved config, one result per paired seed, and the benefit's mean ± SE over seeds. */
export interface MultitaskReport {
  readonly config: MultitaskConfig;
  readonly seeds: SeedResult[];
  readonly benefit: { readonly mean: number; readonly se: number };
}

/** Options of `runMultitask` and `multitaskSweep`. */
export interface MultitaskRunOptions {
  /** Worker threads (default: every core); results do not depend on it. */
  readonly workers?: number;
  /** (done, total) in trained epochs. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Trains students in parallel (one job each), results in job order. */
export async function trainMultitaskStudents(
  jobs: readonly StudentJob[],
  options: MultitaskRunOptions = {},
): Promise<ReturnType<typeof outcomeMetrics>[]> {
  const total = jobs.reduce((s, j) => s + j.config.epochs, 0);
  const outcomes = await mapInWorkers<StudentJob, StudentOutcome>(
    { module: siblingModule('jobs', import.meta.url), name: 'studentJob' },
    jobs,
    {
      workers: options.workers ?? defaultWorkers(),
      onProgress: options.onProgress ? (d) => options.onProgress!(Math.min(d, total), total) : undefined,
    },
  );
  return outcomes.map(outcomeMetrics);
}

/**
 * Paired seeds 0 … seeds−1 of a config (seeds ≥ 2): single- and multitask students on each seed's
 * draws, benefit L_single − L_multi per seed and its mean ± sd/√n (MULTITASK.md §1 Metric).
 */
export async function runMultitask(c: MultitaskConfig, options: MultitaskRunOptions = {}): Promise<MultitaskReport> {
  const jobs: StudentJob[] = [];
  for (let k = 0; k < c.seeds; k++)
    jobs.push({ config: c, seed: k, kind: 'single' }, { config: c, seed: k, kind: 'multi' });
  const metrics = await trainMultitaskStudents(jobs, options);
  const seeds = Array.from({ length: c.seeds }, (_, k) => pairResult(k, metrics[2 * k], metrics[2 * k + 1]));
  const { mean, se } = meanAndSe(seeds.map((s) => s.benefit));
  return { config: c, seeds, benefit: { mean, se } };
}
