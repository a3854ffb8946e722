import { join } from 'node:path';
import { figureByName, figureUnits } from '../figures/catalog.js';
import { writeFileAtomic } from '../figures/atomicWrite.js';
import { figureFiles, runUnitCached, type ImageFormat } from '../figures/runFigures.js';
import type { FigureDef, FigureSize, FigureUnit, UnitResult } from '../figures/types.js';
import { unitsOfShard, type WorkUnit } from '../shard/assign.js';
import type { RunLayout } from '../shard/part.js';

/** Every option of a `dlgen figure` run that shapes its files and summary: what the part files' config hash covers. */
export interface FigureRunConfig {
  readonly command: 'figure';
  readonly names: readonly string[];
  readonly size: FigureSize;
  readonly seed: number;
  readonly runs: number | null;
  readonly formats: readonly ImageFormat[];
  /** The output directory the unsharded run writes to, and `dlgen merge` writes the figures to. */
  readonly out: string;
  readonly timings: boolean;
}

/**
 * The units of a figure run: each figure's units (a panel, or panels sharing their runs), in
 * order, with the figure units' own ids (`F3/rank1`); their randomness comes only from (seed,
 * unit id). No cost estimate exists per unit, so each costs 1 (shards get equal counts).
 */
export function planFigures(config: FigureRunConfig): WorkUnit<{ figure: FigureDef; unit: FigureUnit }>[] {
  return figureUnits(config.names).map((job) => ({ id: job.unit.id, cost: 1, job }));
}

/** A figure run's unit ids and each shard's, for `dlgen merge`. */
export function figureLayout(config: FigureRunConfig): RunLayout {
  const units = planFigures(config);
  return { unitIds: units.map((u) => u.id), shardUnits: (i, n) => unitsOfShard(units, i, n).map((u) => u.id) };
}

/** Runs the given units (each cached under `out/.cache/`, as an unsharded run caches them), results in order. */
export async function runFigureUnits(
  units: readonly WorkUnit<{ unit: FigureUnit }>[],
  config: FigureRunConfig,
  workers: number | undefined,
): Promise<UnitResult[]> {
  const results: UnitResult[] = [];
  for (const u of units)
    results.push(
      await runUnitCached(
        u.job.unit,
        { size: config.size, seed: config.seed, runs: config.runs ?? undefined, workers },
        config.out,
      ),
    );
  return results;
}

/** One line of `dlgen figure`'s summary: the figure's files, and its wall-clock seconds unless --no-timings. */
export function figureSummaryLine(
  name: string,
  files: readonly string[],
  out: string,
  seconds: number | undefined,
): string {
  return `${name}: ${files.map((f) => `${out}/${f}`).join(' ')}${seconds === undefined ? '' : ` (${seconds.toFixed(1)} s)`}\n`;
}

/** Draws every figure of a run from its units' results (in run order) into `config.out`; returns the summary. */
export async function drawMergedFigures(config: FigureRunConfig, results: readonly UnitResult[]): Promise<string> {
  let k = 0;
  let text = '';
  for (const name of config.names) {
    const started = performance.now();
    const fig = figureByName(name);
    const mine = results.slice(k, k + fig.units.length);
    k += fig.units.length;
    const files = await figureFiles(fig, mine, config.formats);
    for (const [file, content] of Object.entries(files)) writeFileAtomic(join(config.out, file), content);
    text += figureSummaryLine(
      fig.name,
      Object.keys(files),
      config.out,
      config.timings ? (performance.now() - started) / 1000 : undefined,
    );
  }
  return text;
}
