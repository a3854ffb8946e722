import { join } from 'node:path';
import { figureByName } from './catalog.js';
import { figureCsv } from './csv.js';
import { cachePath, readCached, unitKey, writeCached } from './unitCache.js';
import { writeFileAtomic } from './atomicWrite.js';
import { figureSpec, logSafeRows } from './vegaSpec.js';
import type { FigureDef, FigureRow, FigureSize, FigureUnit, UnitOptions, UnitResult } from './types.js';

/** Output formats besides the CSV and the Vega-Lite spec, which are always written. */
export type ImageFormat = 'svg' | 'png';

/** Options of `drawFigures`. */
export interface DrawOptions {
  readonly size: FigureSize;
  readonly seed: number;
  readonly runs?: number;
  readonly workers?: number;
  /** Output directory; results per unit are cached under `out/.cache/`. */
  readonly out: string;
  readonly formats: readonly ImageFormat[];
  /** Progress: figure, unit, the unit's (done, total) in its own units, and whether it came from the cache. */
  readonly onProgress?: (p: { figure: string; unit: string; done: number; total: number; cached: boolean }) => void;
}

/** Runs one unit (no cache): its randomness comes only from (seed, unit id). */
export function runUnit(unit: FigureUnit, options: UnitOptions): Promise<UnitResult> {
  return unit.run(options);
}

/** Runs one unit, or reads it from `out/.cache/` when a result with the same config hash is there. */
export async function runUnitCached(
  unit: FigureUnit,
  options: UnitOptions,
  out: string,
  onCached?: () => void,
): Promise<UnitResult> {
  const key = unitKey(unit, options.size, options.seed, options.runs);
  const path = cachePath(out, unit, key);
  const hit = readCached(path, key);
  if (hit) {
    onCached?.();
    return hit;
  }
  const result = await runUnit(unit, options);
  writeCached(path, key, result);
  return result;
}

/** A figure's drawing inputs from its units' results: rows in panel order, caption lines, log-axis notes. */
export function assembleFigure(
  fig: FigureDef,
  results: readonly UnitResult[],
): { rows: FigureRow[]; caption: string[] } {
  const all = results.flatMap((r) => r.rows);
  const rows: FigureRow[] = [];
  const notes: string[] = [];
  for (const p of fig.panels) {
    const mine = all.filter((r) => r.panel === p.letter);
    const safe = p.xLog || p.yLog ? logSafeRows(p, mine) : { rows: mine, dropped: 0, clipped: 0 };
    if (safe.dropped > 0)
      notes.push(`Panel ${p.letter}: ${safe.dropped} points with a value ≤ 0 are not drawn on the log axis.`);
    if (safe.clipped > 0)
      notes.push(`Panel ${p.letter}: ${safe.clipped} error bars reaching ≤ 0 are clipped on the log axis.`);
    rows.push(...safe.rows);
  }
  const engines = [...new Set(results.map((r) => r.engine))];
  const caption = [`engine: ${engines.join('; ')}`, ...results.flatMap((r) => r.notes), ...notes];
  return { rows, caption };
}

/** The files of one figure: CSV (always), Vega-Lite spec (always), SVG and PNG as asked. */
export async function figureFiles(
  fig: FigureDef,
  results: readonly UnitResult[],
  formats: readonly ImageFormat[],
): Promise<Record<string, string | Uint8Array>> {
  const { rows, caption } = assembleFigure(fig, results);
  const spec = figureSpec(fig, rows, caption);
  const files: Record<string, string | Uint8Array> = {
    [`${fig.name}.csv`]: figureCsv([`${fig.name} — ${fig.title}`, ...caption], rows),
    [`${fig.name}.vl.json`]: `${JSON.stringify(spec)}\n`,
  };
  if (formats.length > 0) {
    const { renderSvg, renderPng } = await import('./render.js');
    const svg = await renderSvg(spec, fig.name.toLowerCase());
    if (formats.includes('svg')) files[`${fig.name}.svg`] = svg;
    if (formats.includes('png')) files[`${fig.name}.png`] = renderPng(svg);
  }
  return files;
}

/** Draws the named figures into `out` (every unit cached, so an interrupted run continues), returning seconds per figure. */
export async function drawFigures(
  names: readonly string[],
  options: DrawOptions,
): Promise<{ name: string; seconds: number; files: string[] }[]> {
  const summary: { name: string; seconds: number; files: string[] }[] = [];
  for (const name of names) {
    const fig = figureByName(name);
    const started = performance.now();
    const results: UnitResult[] = [];
    for (const unit of fig.units) {
      const report = (done: number, total: number, cached = false) =>
        options.onProgress?.({ figure: fig.name, unit: unit.id, done, total, cached });
      const unitOptions: UnitOptions = {
        size: options.size,
        seed: options.seed,
        runs: options.runs,
        workers: options.workers,
        onProgress: (d, t) => report(d, t),
      };
      let cached = false;
      report(0, 1);
      results.push(
        await runUnitCached(unit, unitOptions, options.out, () => {
          cached = true;
        }),
      );
      report(1, 1, cached);
    }
    const files = await figureFiles(fig, results, options.formats);
    for (const [file, content] of Object.entries(files)) writeFileAtomic(join(options.out, file), content);
    summary.push({ name: fig.name, seconds: (performance.now() - started) / 1000, files: Object.keys(files) });
  }
  return summary;
}
