import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MULTITASK_FIGURES, figureList } from '../../src/figures/catalog.js';
import { parseFigureCsv } from '../../src/figures/csv.js';
import { drawFigures } from '../../src/figures/runFigures.js';
import type { FigureRow } from '../../src/figures/types.js';
import { assertWellFormed } from './svgCheck.js';

// The multitask figures of MULTITASK.md §6 at --quick size: files, series counts, the authors' values as data rows.

const SEED = 3;
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'dlgen-mt-figures-'));
  await drawFigures(
    MULTITASK_FIGURES.map((f) => f.name),
    { size: 'quick', seed: SEED, out, formats: ['svg'] },
  );
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Series per panel and kind [theory, simulation, data], read from MULTITASK.md §6 independently of the definitions. */
const EXPECTED: Record<string, Record<string, [number, number, number]>> = {
  // Benefit against q for four (s_A, s_B): dlgen's points beside the authors' values.
  'MT-q': { A: [0, 1, 1], B: [0, 1, 1], C: [0, 1, 1], D: [0, 1, 1] },
  // Against ntrain (MT7) and aux (MT8), q = 0 and q = 1 each, dlgen and the authors.
  'MT-data': { A: [0, 2, 2], B: [0, 2, 2] },
  // CE and linearised maps for three C; the gaps for three C and the 0.1 m² bound.
  'MT-linear': { A: [3, 3, 0], B: [1, 3, 0] },
};

const rowsOf = (name: string): FigureRow[] => parseFigureCsv(readFileSync(join(out, `${name}.csv`), 'utf8'));

describe.each(MULTITASK_FIGURES.map((f) => [f.name, f] as const))('figure %s at --quick', (name, fig) => {
  it('writes a well-formed svg, the csv and the Vega-Lite spec, with the series counts of MULTITASK.md §6', () => {
    for (const ext of ['svg', 'csv', 'vl.json']) expect(readdirSync(out)).toContain(`${name}.${ext}`);
    assertWellFormed(readFileSync(join(out, `${name}.svg`), 'utf8'));
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

describe('what the multitask figures show', () => {
  it("MT-q and MT-data: the authors' rows are their CSV means (MULTITASK.md §2's values), kind data", () => {
    const q = rowsOf('MT-q').filter((r) => r.kind === 'data' && r.panel === 'A');
    expect(q.map((r) => r.x)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // s_A = s_B = 10, ntrain 400: −0.043 at q = 0, +0.168 at q = 1.
    expect(q[0].y).toBeCloseTo(-0.043, 3);
    expect(q[4].y).toBeCloseTo(0.168, 3);
    // dlgen at q ∈ {0, ½, 1} at quick size.
    expect(
      rowsOf('MT-q')
        .filter((r) => r.kind === 'simulation' && r.panel === 'A')
        .map((r) => r.x),
    ).toEqual([0, 0.5, 1]);
    const data = rowsOf('MT-data').filter((r) => r.kind === 'data');
    const at = (panel: string, series: string, x: number) =>
      data.find((r) => r.panel === panel && r.series === series && r.x === x)!.y;
    expect(at('A', 'authors, q = 1', 400)).toBeCloseTo(0.168, 3);
    expect(at('A', 'authors, q = 1', 100)).toBeCloseTo(0, 3);
    expect(at('B', 'authors, q = 1', 800)).toBeCloseTo(0.337, 3);
    expect(at('B', 'authors, q = 0', 800)).toBeCloseTo(-0.083, 3);
    for (const r of data) expect(r.lo! < r.y && r.y < r.hi!).toBe(true);
    // The picture draws the authors' bars: in every panel one dashed rule layer from lo to hi over
    // the authors' rows only (dlgen's own bars are solid rules over the simulation rows).
    for (const name of ['MT-q', 'MT-data']) {
      const spec = JSON.parse(readFileSync(join(out, `${name}.vl.json`), 'utf8')) as { concat: unknown[] };
      expect(spec.concat, name).toHaveLength(Object.keys(EXPECTED[name]).length);
      for (const panel of spec.concat) {
        const bars = layersOf(panel).filter(
          (l) =>
            l.mark?.type === 'rule' &&
            l.mark.strokeDash !== undefined &&
            l.encoding?.y?.field === 'lo' &&
            l.encoding.y2?.field === 'hi',
        );
        expect(bars, name).toHaveLength(1);
        expect(JSON.stringify(bars[0].transform)).toContain("datum.kind === 'data'");
      }
    }
    // dlgen's points carry ±1.96 SE bars over paired seeds.
    for (const r of rowsOf('MT-q').filter((r) => r.kind === 'simulation'))
      expect(r.hi! - r.y).toBeCloseTo(r.y - r.lo!, 12);
  });

  it('MT-linear: the gap stays under 0.1 m² while m ≤ 1, and the CE map follows the linearised one early on', () => {
    const rows = rowsOf('MT-linear');
    const gaps = rows.filter((r) => r.panel === 'B' && r.kind === 'simulation');
    expect(gaps.length).toBeGreaterThan(30);
    for (const g of gaps) {
      expect(g.x).toBeLessThanOrEqual(1);
      expect(g.y, `${g.series} at m² = ${g.x}`).toBeLessThanOrEqual(0.1 * g.x + 1e-9);
    }
    const a = rows.filter((r) => r.panel === 'A');
    for (const c of [3, 5, 10]) {
      const ce = a.filter((r) => r.series === `cross-entropy GD, C = ${c}`);
      const lin = a.filter((r) => r.series === `linearised (T, λ/C), C = ${c}`);
      expect(ce[0].y).toBeCloseTo(lin[0].y, 14);
      expect(ce.at(-1)!.y).toBeGreaterThan(10 * ce[0].y);
    }
  });

  it('figure --list names them', () => {
    const names = figureList().map((f) => f.name);
    for (const f of MULTITASK_FIGURES) expect(names).toContain(f.name);
  });
});

/** A Vega-Lite layer as far as these checks read it. */
interface VlLayer {
  mark?: { type?: string; strokeDash?: number[] };
  encoding?: { y?: { field?: string }; y2?: { field?: string } };
  transform?: unknown[];
  layer?: unknown[];
}

/** Every layer of a Vega-Lite view, nested layers included. */
function layersOf(view: unknown): VlLayer[] {
  const v = view as VlLayer;
  return [v, ...(v.layer ?? []).flatMap(layersOf)];
}
