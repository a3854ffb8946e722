import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { svd } from '../../src/linalg/svd.js';
import { createRng } from '../../src/random/rng.js';
import { FIGURES, figureByName, figureUnits } from '../../src/figures/catalog.js';
import { band, unitSeed } from '../../src/figures/common.js';
import { figureCsv, parseFigureCsv } from '../../src/figures/csv.js';
import { prefixSvgIds } from '../../src/figures/render.js';
import { allSingularValues, axisSpikedData } from '../../src/figures/spikeDraw.js';
import { topSingularTriplet } from '../../src/numerics/topSingular.js';
import { cachePath, readCached, unitKey, writeCached } from '../../src/figures/unitCache.js';
import { assembleFigure } from '../../src/figures/runFigures.js';
import { logSafeRows } from '../../src/figures/vegaSpec.js';
import type { FigureDef, FigureRow } from '../../src/figures/types.js';

describe('top singular triplet by Lanczos', () => {
  it.each([
    [6, 9, 0],
    [12, 30, 2],
    [25, 50, 0.5],
  ])('matches the full SVD (N3 = %i, N1 = %i, s̄ = %f)', (n3, n1, sBar) => {
    const m = axisSpikedData(n3, n1, [sBar], 1, createRng(`lanczos-${n3}`));
    const t = topSingularTriplet(m, createRng('start'));
    const ref = svd(m);
    // The eigenvalue converges quadratically in the residual: 1e-10 residual gives ~1e-14 relative.
    expect(Math.abs(t.s - ref.s[0])).toBeLessThanOrEqual(1e-12 * ref.s[0]);
    let du = 0;
    let dv = 0;
    for (let i = 0; i < n3; i++) du += t.u[i] * ref.u.data[i * ref.u.cols];
    for (let j = 0; j < n1; j++) dv += t.v[j] * ref.v.data[j * ref.v.cols];
    // Vectors agree up to sign; the gap to ŝ2 limits their accuracy (Davis–Kahan), ample here.
    expect(Math.abs(Math.abs(du) - 1)).toBeLessThan(1e-8);
    expect(Math.abs(Math.abs(dv) - 1)).toBeLessThan(1e-8);
    expect(allSingularValues(m)[0]).toBeCloseTo(ref.s[0], 10);
  });

  it('refuses a matrix with more rows than columns', () => {
    expect(() => topSingularTriplet(axisSpikedData(5, 3, [1], 1, createRng(1)), createRng(2))).toThrow(/rows ≤ cols/);
  });
});

describe('figure plumbing', () => {
  it('derives unit seeds from (seed, unit id) only', () => {
    expect(unitSeed(1, 'F3/rank1')).toBe(unitSeed(1, 'F3/rank1'));
    expect(unitSeed(1, 'F3/rank1')).not.toBe(unitSeed(1, 'F3/rank3'));
    expect(unitSeed(1, 'F3/rank1')).not.toBe(unitSeed(2, 'F3/rank1'));
  });

  it('bands a sample by ±1.96 SE and gives no band to one value', () => {
    expect(band([3])).toEqual({ mean: 3, lo: null, hi: null });
    const b = band([1, 3]);
    expect(b.mean).toBe(2);
    expect(b.hi! - b.mean).toBeCloseTo((1.96 * Math.SQRT2) / Math.SQRT2, 12);
  });

  it('round-trips CSV rows, quoting commas and quotes, and refuses a foreign header', () => {
    const rows: FigureRow[] = [
      { panel: 'A', series: 'a, "b"', kind: 'theory', x: 0.1, y: -2e-300, lo: null, hi: null },
      { panel: 'B', series: 's', kind: 'simulation', x: 1, y: 2, lo: 1.5, hi: 2.5 },
    ];
    const text = figureCsv(['title', 'multi\nline'], rows);
    expect(text.startsWith('# title\n# multi line\npanel,series,kind,x,y,lo,hi\n')).toBe(true);
    expect(parseFigureCsv(text)).toEqual(rows);
    expect(() => parseFigureCsv('a,b\n1,2\n')).toThrow(/header/);
  });

  it('never puts a non-positive value on a log axis: drops points, clips bands, and says so', () => {
    const panel = {
      letter: 'A',
      title: 't',
      xTitle: 'x',
      yTitle: 'y',
      yLog: true,
      series: { theory: 0, simulation: 1, data: 0 },
    };
    const rows: FigureRow[] = [
      { panel: 'A', series: 's', kind: 'simulation', x: 1, y: 0, lo: null, hi: null },
      { panel: 'A', series: 's', kind: 'simulation', x: 2, y: 1, lo: -1, hi: 3 },
      { panel: 'A', series: 's', kind: 'simulation', x: 3, y: 2, lo: 1, hi: 3 },
    ];
    const safe = logSafeRows(panel, rows);
    expect(safe.dropped).toBe(1);
    expect(safe.clipped).toBe(1);
    expect(safe.rows.every((r) => r.y > 0 && (r.lo === null || r.lo > 0))).toBe(true);
    const fig: FigureDef = { name: 'FX', title: 'x', columns: 1, panels: [panel], units: [] };
    const { caption, rows: kept } = assembleFigure(fig, [{ rows, notes: ['n'], engine: 'e' }]);
    expect(kept).toHaveLength(2);
    expect(caption).toEqual([
      'engine: e',
      'n',
      'Panel A: 1 points with a value ≤ 0 are not drawn on the log axis.',
      'Panel A: 1 error bars reaching ≤ 0 are clipped on the log axis.',
    ]);
  });

  it('renames SVG ids in order of appearance, with their references', () => {
    const svg =
      '<svg><clipPath id="clip7"/><g clip-path="url(#clip7)"/><use href="#clip9"/><clipPath id="clip9"/></svg>';
    expect(prefixSvgIds(svg, 'f3')).toBe(
      '<svg><clipPath id="f3-1"/><g clip-path="url(#f3-1)"/><use href="#f3-2"/><clipPath id="f3-2"/></svg>',
    );
  });

  it('ignores a cache entry that is unreadable or from another config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlgen-cache-'));
    try {
      const unit = figureByName('F1').units[0];
      const key = unitKey(unit, 'quick', 1, undefined);
      expect(key).not.toBe(unitKey(unit, 'quick', 2, undefined));
      expect(key).not.toBe(unitKey(unit, 'paper', 1, undefined));
      const path = cachePath(dir, unit, key);
      expect(readCached(path, key)).toBeUndefined();
      writeCached(path, key, { rows: [], notes: [], engine: 'e' });
      expect(readCached(path, key)).toEqual({ rows: [], notes: [], engine: 'e' });
      expect(readCached(path, 'other')).toBeUndefined();
      writeFileSync(path, '{ truncated');
      expect(readCached(path, key)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists units with unique ids, and names the allowed figures on a bad name', () => {
    const ids = figureUnits(FIGURES.map((f) => f.name)).map((u) => u.unit.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(figureByName('f7').name).toBe('F7');
    expect(() => figureByName('F12')).toThrow(/allowed: F1, F2, F3, F4, F5, F6, F7, F8, F9/);
    for (const f of FIGURES) {
      const letters = f.units.flatMap((u) => u.panels);
      expect(new Set(letters)).toEqual(new Set(f.panels.map((p) => p.letter)));
    }
  });
});
