import { loadAuthorsRuns, type AuthorsFile } from '../multitask/authorsCsv.js';
import { cellBenefits, cellId, type CellBenefit, type CellKey } from '../multitask/benefits.js';
import { resolveMultitaskConfig, type MultitaskConfig } from '../multitask/config.js';
import { multitaskSweep, type MultitaskGrid } from '../multitask/sweep.js';
import { runsFor } from './common.js';
import type { FigureRow, FigureSize, UnitOptions } from './types.js';

/**
 * The multitask figures' student and schedule. Paper: the default config (its d, C = r, trunk and test
 * labels as docs/multitask.md's Config table gives them; batch 128, the authors' paper protocol) at the
 * schedule of docs/multitask.md's 36-cell table, 200 epochs at λ = 1e-2, 5 paired seeds. Quick: d = 20, one
 * trunk layer of 16, 100 test examples, 6 epochs, 2 seeds (a smoke-size picture, not a comparison).
 */
export function mtFigureBase(size: FigureSize, seed: number, runs: number | undefined): MultitaskConfig {
  const seeds = Math.max(2, runsFor(size, runs, 2, 5));
  const schedule = { epochs: 200, learningRate: 1e-2, seeds, seed };
  return resolveMultitaskConfig(
    size === 'paper'
      ? schedule
      : { ...schedule, inputDim: 20, trunkLayers: 1, trunkWidth: 16, testExamples: 100, epochs: 6 },
  );
}

/** dlgen's benefit per cell of a grid (the product's sweep: paired seeds, single-task students shared), keyed by `cellId`. */
export async function dlgenBenefits(
  base: MultitaskConfig,
  grid: MultitaskGrid,
  o: UnitOptions,
): Promise<Map<string, CellBenefit>> {
  const rows = await multitaskSweep(base, grid, { workers: o.workers, onProgress: o.onProgress });
  return new Map(cellBenefits(rows).map((c) => [cellId(c), c]));
}

const authorsCache = new Map<AuthorsFile, Map<string, CellBenefit>>();

/** The authors' benefit per cell of one of their files (MULTITASK.md §1: mean ± sd/√n over seeds 0–4), keyed by `cellId`. */
export function authorsBenefits(file: AuthorsFile): Map<string, CellBenefit> {
  let m = authorsCache.get(file);
  if (!m) {
    m = new Map(cellBenefits(loadAuthorsRuns(file)).map((c) => [cellId(c), c]));
    authorsCache.set(file, m);
  }
  return m;
}

/** dlgen's cell as a simulation row: mean benefit over seeds, ±1.96 SE (the figures' convention). */
export function benefitRow(panel: string, series: string, x: number, cell: CellBenefit): FigureRow {
  const half = 1.96 * cell.se;
  return { panel, series, kind: 'simulation', x, y: cell.mean, lo: cell.mean - half, hi: cell.mean + half };
}

/** The authors' cell as a data row: their mean benefit over seeds 0–4, ±1.96 SE in lo/hi. */
export function authorsRow(panel: string, series: string, x: number, cell: CellBenefit): FigureRow {
  const half = 1.96 * cell.se;
  return { panel, series, kind: 'data', x, y: cell.mean, lo: cell.mean - half, hi: cell.mean + half };
}

/** The cell of `benefits` at `key`, or a RangeError naming the missing cell (a figure never drops a point silently). */
export function cellAt(benefits: Map<string, CellBenefit>, key: CellKey, source: string): CellBenefit {
  const c = benefits.get(cellId(key));
  if (!c) throw new RangeError(`${source}: no cell ${cellId(key)}`);
  return c;
}

/** A scale as the figures label it (3 significant digits: 0.158, 0.631, 10). */
export function scaleLabel(s: number): string {
  return String(Number(s.toPrecision(3)));
}
