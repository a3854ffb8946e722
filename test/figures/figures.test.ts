import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIGURES } from '../../src/figures/catalog.js';
import { FIGURE_CSV_COLUMNS, parseFigureCsv } from '../../src/figures/csv.js';
import { drawFigures } from '../../src/figures/runFigures.js';
import { seriesParts } from '../../src/figures/vegaSpec.js';
import type { FigureRow } from '../../src/figures/types.js';
import { assertWellFormed, svgTexts } from './svgCheck.js';

// Every figure of THEORY.md §10 (F1–F11) is drawn once at --quick size; the checks below read those files
// (each CSV parsed once). Byte-identity is checked on two cheap figures (F1, F6) drawn again, the glyphs of
// the PNG text on two figures (F1 and the five-panel F8; every PNG goes through the same renderPng).

const SEED = 11;
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'dlgen-figures-'));
  await drawFigures(
    FIGURES.map((f) => f.name),
    { size: 'quick', seed: SEED, out, formats: ['svg', 'png'] },
  );
}, 600_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Series per panel and kind, THEORY.md §10 read independently of the figure definitions. */
const EXPECTED: Record<string, Record<string, [theory: number, simulation: number, data: number]>> = {
  // F1: A four ŝ curves + guides at s = 4 and t½(4); B the wave at t/τ ∈ {0.5, 1, 2, 3, 4}.
  F1: { A: [6, 0, 0], B: [5, 0, 0] },
  // F2: A bulk + three ŝ(s̄) lines over one histogram; B/C theory and draws for four aspect ratios (B adds the identity).
  F2: { A: [4, 0, 1], B: [5, 4, 0], C: [4, 4, 0] },
  // F3: curves for m ∈ {2, 4, 8} (theory, TA, random); optima for the five m against the identity.
  F3: {
    A: [3, 6, 0],
    B: [3, 6, 0],
    C: [1, 5, 0],
    D: [1, 5, 0],
    E: [3, 6, 0],
    F: [3, 6, 0],
    G: [1, 5, 0],
    H: [1, 5, 0],
  },
  // F4: as F3, but the test panels B/F show theory and TA only.
  F4: {
    A: [3, 6, 0],
    B: [3, 3, 0],
    C: [1, 5, 0],
    D: [1, 5, 0],
    E: [3, 6, 0],
    F: [3, 3, 0],
    G: [1, 5, 0],
    H: [1, 5, 0],
  },
  // F5: A (7.2), GD theory optimum, threshold marker and TA points; B the m = 4 curve and the (7.2) level.
  F5: { A: [3, 1, 0], B: [2, 0, 0] },
  // F6: A two histograms, three ŝ lines and four bulk edges; B two training curves.
  F6: { A: [7, 0, 2], B: [0, 2, 0] },
  // F7: five partner strengths s̄_B per panel, theory and simulation; A–C the paper's panels, D/E the rest of §8.1's grid.
  F7: Object.fromEntries(['A', 'B', 'C', 'D', 'E'].map((l) => [l, [5, 5, 0]])),
  // F8: three P (A/B), three m (C/D), Gaussian vs orthogonal for three m with the identity (E).
  F8: { A: [3, 3, 0], B: [3, 3, 0], C: [3, 3, 0], D: [3, 3, 0], E: [1, 3, 0] },
  // F9: |u·û|, |v·v̂|, s/ŝ in each of the eight mode panels.
  F9: Object.fromEntries(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((l) => [l, [0, 3, 0]])),
  // F10: leaky-ReLU students for m ∈ {5, 10, 30} beside the linear theory, in each of the eight panels (train A–D, test E–H).
  F10: Object.fromEntries(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((l) => [l, [3, 3, 0]])),
  // F11: five partner strengths s̄_B per panel, simulation only (no theory for nonlinear students).
  F11: { A: [0, 5, 0], B: [0, 5, 0], C: [0, 5, 0] },
};

const parsed = new Map<string, FigureRow[]>();
function rowsOf(name: string): FigureRow[] {
  if (!parsed.has(name)) parsed.set(name, parseFigureCsv(readFileSync(join(out, `${name}.csv`), 'utf8')));
  return parsed.get(name)!;
}

/** Figures whose PNG is rasterised again with and without the font to count the glyph pixels. */
const GLYPH_CHECKED = ['F1', 'F8'];

describe.each(FIGURES.map((f) => [f.name, f] as const))('figure %s at --quick', (name, fig) => {
  it('writes svg, png, csv and the Vega-Lite spec', () => {
    const files = readdirSync(out);
    for (const ext of ['svg', 'png', 'csv', 'vl.json']) expect(files).toContain(`${name}.${ext}`);
    const spec = JSON.parse(readFileSync(join(out, `${name}.vl.json`), 'utf8')) as {
      concat: unknown[];
      $schema: string;
    };
    expect(spec.$schema).toContain('vega-lite/v6');
    expect(spec.concat).toHaveLength(fig.panels.length);
  });

  it('has the tidy CSV columns, finite values and the series counts of THEORY.md §10', () => {
    const text = readFileSync(join(out, `${name}.csv`), 'utf8');
    expect(text.split('\n').find((l) => !l.startsWith('#'))).toBe(FIGURE_CSV_COLUMNS.join(','));
    expect(text).toMatch(/^# .*\n# engine: /);
    const rows = rowsOf(name);
    for (const r of rows) {
      expect(['theory', 'simulation', 'data']).toContain(r.kind);
      expect(Number.isFinite(r.x) && Number.isFinite(r.y)).toBe(true);
      if (r.lo !== null) expect(r.lo).toBeLessThanOrEqual(r.hi!);
    }
    const expected = EXPECTED[name];
    expect(Object.keys(expected).sort()).toEqual(fig.panels.map((p) => p.letter).sort());
    for (const p of fig.panels) {
      const count = (kind: string) =>
        new Set(rows.filter((r) => r.panel === p.letter && r.kind === kind).map((r) => r.series)).size;
      expect([count('theory'), count('simulation'), count('data')], `${name} panel ${p.letter}`).toEqual(
        expected[p.letter],
      );
      expect([p.series.theory, p.series.simulation, p.series.data]).toEqual(expected[p.letter]);
    }
  });

  it('renders an SVG that parses, with every axis title, panel letter and legend entry', () => {
    const svg = readFileSync(join(out, `${name}.svg`), 'utf8');
    assertWellFormed(svg);
    expect(svg.startsWith('<svg')).toBe(true);
    const texts = svgTexts(svg);
    const joined = texts.join('\n');
    for (const p of fig.panels) {
      expect(texts).toContain(p.xTitle);
      expect(texts).toContain(p.yTitle);
      expect(joined).toContain(`${p.letter}   ${p.title}`);
    }
    const groups = new Set(rowsOf(name).map((r) => seriesParts(r.series).group));
    // Legend labels longer than the label limit end in an ellipsis: compare their first characters.
    for (const g of groups)
      expect(
        texts.some((t) => t === g || (t.endsWith('…') && g.startsWith(t.slice(0, -1)))),
        `legend entry ${g}`,
      ).toBe(true);
    // Ids are prefixed per figure, so figures can share a page.
    for (const m of svg.matchAll(/\bid="([^"]+)"/g)) expect(m[1].startsWith(`${name.toLowerCase()}-`)).toBe(true);
  });

  it('renders a PNG of the SVG at twice its size (with glyphs of the shipped font: F1, F8)', () => {
    const png = readFileSync(join(out, `${name}.png`));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const svg = readFileSync(join(out, `${name}.svg`), 'utf8');
    // IHDR: width and height (big-endian, bytes 16–23) are the SVG's at zoom 2.
    const size = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg)!;
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([2 * Number(size[1]), 2 * Number(size[2])]);
    if (!GLYPH_CHECKED.includes(name)) return;
    // The same SVG without any font draws no glyphs: its PNG is smaller and different.
    const bare = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: 2 },
      font: { fontFiles: [], loadSystemFonts: false },
      background: 'white',
    }).render();
    const withFont = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: 2 },
      font: {
        fontFiles: [join(__dirname, '../../assets/fonts/DejaVuSans.ttf')],
        loadSystemFonts: false,
        defaultFontFamily: 'DejaVu Sans',
      },
      background: 'white',
    }).render();
    const dark = (pixels: Buffer) => {
      let n = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 100 && pixels[i + 1] < 100 && pixels[i + 2] < 100) n++;
      return n;
    };
    // Glyphs are dark pixels: thousands more of them with the font than without.
    expect(dark(withFont.pixels) - dark(bare.pixels)).toBeGreaterThan(2000);
    expect(png.length).toBeGreaterThan(bare.asPng().length);
  });
});

describe('F1 theory series', () => {
  it('equal the closed form (3.3) for ŝ ∈ {1, 4, 7, 10}, ε = 1e-3, τ = 1', () => {
    const eps = 1e-3;
    const rows = rowsOf('F1').filter((r) => r.panel === 'A' && r.kind === 'theory');
    for (const sHat of [1, 4, 7, 10]) {
      const mine = rows.filter((r) => r.series === `ŝ = ${sHat}`);
      expect(mine).toHaveLength(101);
      for (const r of mine) {
        const closed = sHat / (1 + (sHat / eps - 1) * Math.exp(-2 * sHat * r.x));
        expect(Math.abs(r.y - closed)).toBeLessThanOrEqual(1e-12 * closed);
      }
    }
  });
});

describe('reproducibility', () => {
  it('gives byte-identical SVG, PNG and CSV for the same seed, with or without the cache', async () => {
    const again = mkdtempSync(join(tmpdir(), 'dlgen-figures-again-'));
    try {
      const names = ['F1', 'F6'];
      await drawFigures(names, { size: 'quick', seed: SEED, out: again, formats: ['svg', 'png'] });
      // A second draw in the same directory comes from the cache and must write the same bytes.
      const progress: boolean[] = [];
      await drawFigures(names, {
        size: 'quick',
        seed: SEED,
        out: again,
        formats: ['svg', 'png'],
        onProgress: (p) => {
          if (p.done === p.total) progress.push(p.cached);
        },
      });
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.every((c) => c)).toBe(true);
      for (const n of names)
        for (const ext of ['svg', 'png', 'csv', 'vl.json']) {
          expect(
            readFileSync(join(again, `${n}.${ext}`)).equals(readFileSync(join(out, `${n}.${ext}`))),
            `${n}.${ext}`,
          ).toBe(true);
        }
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  }, 300_000);

  it('draws different simulation points for another seed', async () => {
    const other = mkdtempSync(join(tmpdir(), 'dlgen-figures-seed-'));
    try {
      await drawFigures(['F6'], { size: 'quick', seed: SEED + 1, out: other, formats: [] });
      expect(readFileSync(join(other, 'F6.csv'), 'utf8')).not.toBe(readFileSync(join(out, 'F6.csv'), 'utf8'));
      expect(
        readdirSync(other)
          .filter((f) => !f.startsWith('.'))
          .sort(),
      ).toEqual(['F6.csv', 'F6.vl.json']);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  }, 300_000);
});
