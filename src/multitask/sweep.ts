import type { AuthorsRun } from './authorsCsv.js';
import { resolveMultitaskConfig, type MultitaskConfig } from './config.js';
import type { StudentJob } from './jobs.js';
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

/**
 * Runs a grid: every cell's multitask students and, once per (ntrain, s_A, seed), the single-task
 * student (it depends on task A's draws only), and returns rows in the authors' layout: per cell and
 * seed one single-task and one multitask row (MULTITASK.md §1), so dlgen's CSV and theirs load alike.
 */
export async function multitaskSweep(
  base: MultitaskConfig,
  grid: MultitaskGrid,
  options: MultitaskRunOptions = {},
): Promise<AuthorsRun[]> {
  const cells = gridCells(base, grid);
  const jobs: StudentJob[] = [];
  const singleIndex = new Map<string, number>();
  const singleKey = (c: MultitaskConfig, k: number) => `${c.trainExamples}|${c.scaleA}|${k}`;
  for (const c of cells) {
    for (let k = 0; k < c.seeds; k++) {
      if (!singleIndex.has(singleKey(c, k))) {
        singleIndex.set(singleKey(c, k), jobs.length);
        jobs.push({ config: c, seed: k, kind: 'single' });
      }
    }
  }
  const firstMulti = jobs.length;
  for (const c of cells) for (let k = 0; k < c.seeds; k++) jobs.push({ config: c, seed: k, kind: 'multi' });
  const metrics = await trainMultitaskStudents(jobs, options);
  const rows: AuthorsRun[] = [];
  let m = firstMulti;
  for (const c of cells) {
    const cell = `dlgen-n${c.trainExamples}-a${c.auxExamples}-q${c.relatedness}-sa${c.scaleA}-sb${c.scaleB}`;
    const key = {
      mainTrain: c.trainExamples,
      auxTrain: c.auxExamples,
      relatedness: c.relatedness,
      scaleA: c.scaleA,
      scaleB: c.scaleB,
    };
    for (let k = 0; k < c.seeds; k++) {
      rows.push({
        id: `${cell}-single-s${k}`,
        ...key,
        singleTask: true,
        seed: k,
        loss: metrics[singleIndex.get(singleKey(c, k))!].loss,
      });
      rows.push({ id: `${cell}-multi-s${k}`, ...key, singleTask: false, seed: k, loss: metrics[m++].loss });
    }
  }
  return rows;
}
