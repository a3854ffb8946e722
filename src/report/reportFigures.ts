import { figureByName } from '../figures/catalog.js';
import { figureFiles, runUnitCached, runUnit } from '../figures/runFigures.js';
import type { UnitResult } from '../figures/types.js';
import { figureOfClaim } from './claimFigures.js';
import type { ReportFigure } from './verifyReport.js';

/** The figures that illustrate some claims, in §10 order, each once. */
export function figuresForClaims(ids: readonly string[]): string[] {
  const names = new Set<string>();
  for (const id of ids) {
    const f = figureOfClaim(id);
    if (f) names.add(f.figure);
  }
  return [...names].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
}

/** Options of `drawReportFigures`. */
export interface ReportFigureOptions {
  readonly seed: number;
  readonly workers?: number;
  /** Reuse and fill a figure cache directory (`dlgen figure --out DIR`'s `.cache`). */
  readonly cacheDir?: string;
  readonly onProgress?: (figure: string) => void;
}

/** Draws the named figures at --quick size as inline SVG (nothing written unless a cache directory is given). */
export async function drawReportFigures(
  names: readonly string[],
  options: ReportFigureOptions,
): Promise<ReportFigure[]> {
  const out: ReportFigure[] = [];
  for (const name of names) {
    options.onProgress?.(name);
    const fig = figureByName(name);
    const results: UnitResult[] = [];
    for (const unit of fig.units) {
      const o = { size: 'quick' as const, seed: options.seed, workers: options.workers };
      results.push(options.cacheDir ? await runUnitCached(unit, o, options.cacheDir) : await runUnit(unit, o));
    }
    const files = await figureFiles(fig, results, ['svg']);
    out.push({ name: fig.name, title: fig.title, svg: files[`${fig.name}.svg`] as string });
  }
  return out;
}
