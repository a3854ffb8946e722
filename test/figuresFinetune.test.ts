import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINETUNE_FIGURES, figureByName } from '../src/figures/catalog.js';
import { parseFigureCsv } from '../src/figures/csv.js';
import { runCli } from '../src/cli/runCli.js';
import { drawFigures } from '../src/figures/runFigures.js';
import type { FigureRow } from '../src/figures/types.js';
import { assertWellFormed } from './figures/svgCheck.js';
import { memoryIo } from './memoryIo.js';

// The fine-tuning figures of FINETUNE.md §6 at --quick size: files, series counts, theory against GD, byte identity.

const SEED = 5;
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'dlgen-ft-figures-'));
  await drawFigures(
    FINETUNE_FIGURES.map((f) => f.name),
    { size: 'quick', seed: SEED, out, formats: ['svg'] },
  );
}, 300_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Series per panel and kind [theory, simulation, data], read from FINETUNE.md §6 independently of the definitions. */
const EXPECTED: Record<string, Record<string, [number, number, number]>> = {
  // Depth sweep: three scaled targets (A) and three rotated ones (B), each an (A5) line and GD points.
  'FT-depth': { A: [3, 3, 0], B: [3, 3, 0] },
  // Scale sweep at depth 7: (A5) and the depth-1 (A1) reference as lines, GD at depth 7 as points.
  'FT-scale': { A: [2, 1, 0], B: [2, 1, 0] },
  // (A3) for three (Σ, Δ) cases plus the keep-W_S level; Monte Carlo of (A1) for each case.
  'FT-covariance': { A: [4, 3, 0] },
  // α_N lines and α_∞ levels for three P; GD's out-of-span coefficient for each P.
  'FT-alpha': { A: [6, 3, 0] },
};

const rowsOf = (name: string): FigureRow[] => parseFigureCsv(readFileSync(join(out, `${name}.csv`), 'utf8'));

describe.each(FINETUNE_FIGURES.map((f) => [f.name, f] as const))('figure %s at --quick', (name, fig) => {
  it('writes a well-formed svg, the csv and the Vega-Lite spec, with the series counts of FINETUNE.md §6', () => {
    for (const ext of ['svg', 'csv', 'vl.json']) expect(readdirSync(out)).toContain(`${name}.${ext}`);
    const svg = readFileSync(join(out, `${name}.svg`), 'utf8');
    assertWellFormed(svg);
    for (const p of fig.panels) expect(svg).toContain(p.xTitle.replaceAll('&', '&amp;').replaceAll('<', '&lt;'));
    const rows = rowsOf(name);
    for (const r of rows) expect(Number.isFinite(r.x) && Number.isFinite(r.y), `${r.series} at ${r.x}`).toBe(true);
    expect(Object.keys(EXPECTED[name]).sort()).toEqual(fig.panels.map((p) => p.letter).sort());
    for (const p of fig.panels) {
      const count = (kind: string) =>
        new Set(rows.filter((r) => r.panel === p.letter && r.kind === kind).map((r) => r.series)).size;
      expect([count('theory'), count('simulation'), count('data')], `${name} ${p.letter}`).toEqual(
        EXPECTED[name][p.letter],
      );
      expect([p.series.theory, p.series.simulation, p.series.data]).toEqual(EXPECTED[name][p.letter]);
    }
  });
});

describe('what the fine-tuning figures show', () => {
  /** GD points against the theory line of the same group at the same x (FT6: the GD–(A5) gap is O(λ), ~1e-3 here). */
  function gdOnTheory(name: string, tol: number): void {
    const rows = rowsOf(name);
    const sims = rows.filter((r) => r.kind === 'simulation');
    expect(sims.length).toBeGreaterThan(0);
    for (const s of sims) {
      const group = s.series.split(' · ')[1];
      const line = rows.find((r) => r.kind === 'theory' && r.panel === s.panel && r.series === group && r.x === s.x);
      expect(line, `${s.series} at ${s.x}`).toBeDefined();
      expect(Math.abs(s.y - line!.y), `${name} ${s.series} at ${s.x}`).toBeLessThanOrEqual(tol * line!.y);
    }
  }

  it('FT-depth and FT-scale: GD lands on (A5) at every depth and scale', () => {
    gdOnTheory('FT-depth', 1e-2);
    gdOnTheory('FT-scale', 1e-2);
  });

  it('FT-depth: for scaled targets the risk falls with depth (FT9)', () => {
    const rows = rowsOf('FT-depth').filter((r) => r.panel === 'A' && r.kind === 'theory');
    for (const series of new Set(rows.map((r) => r.series))) {
      const ys = rows.filter((r) => r.series === series).map((r) => r.y);
      for (let i = 1; i < ys.length; i++) expect(ys[i], series).toBeLessThan(ys[i - 1]);
    }
  });

  it('FT-covariance: (A3) says fine-tuning hurts for Δ in the low-variance directions, and the Monte Carlo agrees', () => {
    const rows = rowsOf('FT-covariance');
    const hurt = rows.filter((r) => r.series.endsWith('Δ in the bottom quarter'));
    for (const r of hurt) expect(r.y, `${r.series} at P = ${r.x}`).toBeGreaterThan(1);
    const top = rows.filter((r) => r.series.endsWith('Δ in the top quarter'));
    for (const r of top) expect(r.y, `${r.series} at P = ${r.x}`).toBeLessThan(1);
  });

  it('FT-alpha: α_N starts at 1, GD follows it at every simulated depth, and the lines run on to 10⁷', () => {
    const rows = rowsOf('FT-alpha');
    for (const p of [1, 3, 6]) {
      const line = rows.filter((r) => r.series === `P = ${p}` && r.kind === 'theory');
      expect(line[0].x).toBe(1);
      expect(line[0].y).toBeCloseTo(1, 12);
      expect(line.at(-1)!.x).toBe(1e7);
      const gd = rows.filter((r) => r.series === `GD · P = ${p}`);
      expect(gd.map((r) => r.x)).toEqual([1, 2, 4]);
      expect(Math.abs(gd[0].y - 1)).toBeLessThan(1e-9);
      for (const g of gd) {
        const t = line.find((r) => r.x === g.x)!;
        expect(Math.abs(g.y - t.y), `P = ${p}, N = ${g.x}`).toBeLessThanOrEqual(1e-2 * t.y);
      }
    }
  });

  it('draws the same bytes again for the same seed, other points for another seed', async () => {
    const again = mkdtempSync(join(tmpdir(), 'dlgen-ft-figures-again-'));
    try {
      const names = ['FT-covariance', 'FT-alpha'];
      await drawFigures(names, { size: 'quick', seed: SEED, out: again, formats: ['svg'] });
      for (const n of names)
        for (const ext of ['svg', 'csv', 'vl.json'])
          expect(
            readFileSync(join(again, `${n}.${ext}`)).equals(readFileSync(join(out, `${n}.${ext}`))),
            `${n}.${ext}`,
          ).toBe(true);
      await drawFigures(['FT-covariance'], { size: 'quick', seed: SEED + 1, out: again, formats: [] });
      expect(readFileSync(join(again, 'FT-covariance.csv'), 'utf8')).not.toBe(
        readFileSync(join(out, 'FT-covariance.csv'), 'utf8'),
      );
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  }, 300_000);

  it('dlgen figure draws one by name (any case); a wrong name exits 2 listing them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlgen-ft-figure-cli-'));
    try {
      const io = memoryIo();
      expect(await runCli(['figure', 'ft-covariance', '--quick', '--out', dir, '--format', 'svg'], io), io.err()).toBe(
        0,
      );
      expect(readdirSync(dir)).toContain('FT-covariance.svg');
      const bad = memoryIo();
      expect(await runCli(['figure', 'FT-nope', '--quick', '--out', dir], bad)).toBe(2);
      expect(bad.err()).toContain('FT-depth, FT-scale, FT-covariance, FT-alpha');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are found by name, case-insensitively', () => {
    expect(figureByName('ft-depth').name).toBe('FT-depth');
    expect(() => figureByName('FT-nope')).toThrow(/FT-depth, FT-scale, FT-covariance, FT-alpha/);
  });
});
