import type { AuthorsRun } from './authorsCsv.js';
import { auxBatchesPerStep, resolveMultitaskConfig, type MultitaskConfig } from './config.js';
import type { StudentJob } from './jobs.js';
import type { TaskAMetrics } from './protocol.js';
import { trainMultitaskStudents, type MultitaskRunOptions } from './run.js';

/** A sweep's grid (MULTITASK.md §1 Grids); `auxExamples` absent means aux = main in every cell (the rank-10 grid). */
export interface MultitaskGrid {
  readonly relatedness: readonly number[];
  readonly scalesA: readonly number[];
  readonly scalesB: readonly number[];
  readonly trainExamples: readonly number[];
  readonly auxExamples?: readonly number[];
}

/** The authors' s_A, s_B grid: 10^{−2, −1.4, −0.8, −0.2, 0.4, 1} (MULTITASK.md §1). */
export const AUTHORS_SCALES: readonly number[] = [-2, -1.4, -0.8, -0.2, 0.4, 1].map((e) => Math.pow(10, e));

/** The config of one grid cell: the base with (q, s_A, s_B, ntrain, aux) set, validated (a bad cell throws a ConfigError naming the field). */
export function sweepCellConfig(
  base: MultitaskConfig,
  q: number,
  scaleA: number,
  scaleB: number,
  train: number,
  aux: number,
): MultitaskConfig {
  return resolveMultitaskConfig({ ...base, relatedness: q, scaleA, scaleB, trainExamples: train, auxExamples: aux });
}

/** Every cell of a grid, in (ntrain, aux, s_A, s_B, q) order. */
export function gridCells(base: MultitaskConfig, grid: MultitaskGrid): MultitaskConfig[] {
  const out: MultitaskConfig[] = [];
  for (const n of grid.trainExamples) {
    for (const a of grid.auxExamples ?? [n]) {
      for (const sA of grid.scalesA)
        for (const sB of grid.scalesB)
          for (const q of grid.relatedness) out.push(sweepCellConfig(base, q, sA, sB, n, a));
    }
  }
  return out;
}

/** Every option of a `dlgen multitask sweep` run that shapes its CSV: what the part files' config hash covers. */
export interface MultitaskSweepRun {
  readonly command: 'multitask sweep';
  /** The resolved base config (its seed is the root seed of every cell). */
  readonly config: MultitaskConfig;
  readonly grid: MultitaskGrid;
}

/**
 * One unit of a sweep: either the single-task student of one (ntrain, s_A, seed), shared by every cell
 * with that ntrain and s_A, or the multitask students of one cell (all its seeds). `jobs` are its
 * students; `cost` is an estimate proportional to the examples they process (only ratios matter).
 */
export interface MultitaskSweepUnit {
  readonly id: string;
  readonly cost: number;
  readonly job: { readonly jobs: readonly StudentJob[] };
}

/** Examples one student of this kind processes per epoch (the cost of its run, up to a constant). */
function studentCost(c: MultitaskConfig, kind: 'single' | 'multi'): number {
  if (kind === 'single') return c.trainExamples;
  if (c.protocol === 'fullBatch') return c.trainExamples + c.auxExamples;
  return c.trainExamples * (1 + auxBatchesPerStep(c));
}

const singleKey = (c: MultitaskConfig, k: number) => `${c.trainExamples}|${c.scaleA}|${k}`;

/**
 * The units of a sweep, in run order: the single-task units, in the order the cells first need them
 * (ids `single:n=<ntrain>,sA=<s_A>,seed=<k>`), then one unit per cell in grid order (ids
 * `<cell>:n=…,aux=…,sA=…,sB=…,q=…`). Every student draws only from the root seed, its seed index
 * and its cell's config, so a unit gives the same numbers wherever it runs.
 */
export function planMultitaskSweep(run: Pick<MultitaskSweepRun, 'config' | 'grid'>): MultitaskSweepUnit[] {
  const cells = gridCells(run.config, run.grid);
  const units: MultitaskSweepUnit[] = [];
  const seen = new Set<string>();
  for (const c of cells) {
    for (let k = 0; k < c.seeds; k++) {
      if (seen.has(singleKey(c, k))) continue;
      seen.add(singleKey(c, k));
      units.push({
        id: `single:n=${c.trainExamples},sA=${c.scaleA},seed=${k}`,
        cost: c.epochs * studentCost(c, 'single'),
        job: { jobs: [{ config: c, seed: k, kind: 'single' }] },
      });
    }
  }
  cells.forEach((c, i) => {
    units.push({
      id: `${i}:n=${c.trainExamples},aux=${c.auxExamples},sA=${c.scaleA},sB=${c.scaleB},q=${c.relatedness}`,
      cost: c.seeds * c.epochs * studentCost(c, 'multi'),
      job: { jobs: Array.from({ length: c.seeds }, (_, k) => ({ config: c, seed: k, kind: 'multi' as const })) },
    });
  });
  return units;
}

/** Trains the students of the given units (in parallel over workers); per unit, its students' metrics in job order. */
export async function runMultitaskSweepUnits(
  units: readonly MultitaskSweepUnit[],
  options: MultitaskRunOptions = {},
): Promise<TaskAMetrics[][]> {
  const metrics = await trainMultitaskStudents(
    units.flatMap((u) => u.job.jobs),
    options,
  );
  let j = 0;
  return units.map((u) => u.job.jobs.map(() => metrics[j++]));
}

/**
 * The sweep's rows from every unit's metrics (in `planMultitaskSweep`'s order), in the authors' layout:
 * per cell and seed one single-task row (from the shared single-task unit) and one multitask row.
 */
export function multitaskSweepRows(
  run: Pick<MultitaskSweepRun, 'config' | 'grid'>,
  results: readonly (readonly TaskAMetrics[])[],
): AuthorsRun[] {
  const units = planMultitaskSweep(run);
  if (results.length !== units.length)
    throw new RangeError(`multitask sweep: ${results.length} unit results for ${units.length} units`);
  const single = new Map<string, number>();
  const cells = gridCells(run.config, run.grid);
  let u = 0;
  for (; u < units.length && units[u].id.startsWith('single:'); u++) {
    const job = units[u].job.jobs[0];
    single.set(singleKey(job.config, job.seed), results[u][0].loss);
  }
  const rows: AuthorsRun[] = [];
  for (const c of cells) {
    const multi = results[u++];
    const cell = `dlgen-n${c.trainExamples}-a${c.auxExamples}-q${c.relatedness}-sa${c.scaleA}-sb${c.scaleB}`;
    const key = {
      mainTrain: c.trainExamples,
      auxTrain: c.auxExamples,
      relatedness: c.relatedness,
      scaleA: c.scaleA,
      scaleB: c.scaleB,
    };
    for (let k = 0; k < c.seeds; k++) {
      rows.push({ id: `${cell}-single-s${k}`, ...key, singleTask: true, seed: k, loss: single.get(singleKey(c, k))! });
      rows.push({ id: `${cell}-multi-s${k}`, ...key, singleTask: false, seed: k, loss: multi[k].loss });
    }
  }
  return rows;
}

/**
 * Runs a grid: every cell's multitask students and, once per (ntrain, s_A, seed), the single-task
 * student (it depends on task A's draws only), and returns rows in the authors' layout: per cell and
 * seed one single-task and one multitask row (MULTITASK.md §1), so dlgen's CSV and theirs load alike.
 * A sharded run (`planMultitaskSweep` units over shards, merged) gives the same rows.
 */
export async function multitaskSweep(
  base: MultitaskConfig,
  grid: MultitaskGrid,
  options: MultitaskRunOptions = {},
): Promise<AuthorsRun[]> {
  const run = { config: base, grid };
  return multitaskSweepRows(run, await runMultitaskSweepUnits(planMultitaskSweep(run), options));
}
