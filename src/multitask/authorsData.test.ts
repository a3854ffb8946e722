import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AUX_FILE_MAIN_TRAIN,
  authorsDataDir,
  formatAuthorsCsv,
  loadAuthorsRuns,
  parseAuthorsCsv,
} from './authorsCsv.js';
import { AUTHORS_SCALES } from './sweep.js';
import {
  cellBenefits,
  compareWithAuthors,
  findCell,
  meanAndSe,
  monotoneInRelatedness,
  relatednessLines,
} from './benefits.js';

// The authors' CSVs are read from the repository's copy in fixtures/mt-theory (or the project's shared
// folder); authorsDataDir() throws a message naming where it looked when they are missing.
const S = AUTHORS_SCALES;

describe('parseAuthorsCsv / formatAuthorsCsv', () => {
  const text =
    'id,main_train_pts,aux_train_pts,relatedness,s_a,s_b,single_task,train_seed,validation-1/loss\n' +
    'r1,400,400,1.0,10.0,10.0,True,0,1.5\n' +
    'r2,400,400,1.0,10.0,10.0,False,0,1.25\n' +
    'r3,400,400,1.0,10.0,10.0,True,1,1.75\n' +
    'r4,400,400,1.0,10.0,10.0,False,1,1.25\n';
  it('parses both layouts, pairs by seed and round-trips through the authors layout', () => {
    const runs = parseAuthorsCsv(text);
    expect(runs).toHaveLength(4);
    const cells = cellBenefits(runs);
    expect(cells).toHaveLength(1);
    expect(cells[0].values).toEqual([0.25, 0.5]);
    expect(cells[0].mean).toBe(0.375);
    expect(cells[0].se).toBeCloseTo(0.125, 15);
    expect(parseAuthorsCsv(formatAuthorsCsv(runs))).toEqual(runs);
    const auxLayout = parseAuthorsCsv(
      'id,aux_train_pts,relatedness,s_a,s_b,single_task,train_seed,validation-1/loss\nx,800,0.0,1,1,False,2,2.0\n',
    );
    expect(auxLayout[0].mainTrain).toBe(AUX_FILE_MAIN_TRAIN);
  });
  it('names the line and column of malformed input', () => {
    expect(() => parseAuthorsCsv('')).toThrow(/empty/);
    expect(() => parseAuthorsCsv('id,foo\n')).toThrow(/missing column "aux_train_pts"/);
    expect(() => parseAuthorsCsv(text.replace('1.25\n', 'abc\n'))).toThrow(/line 3: validation-1\/loss = "abc"/);
    expect(() => parseAuthorsCsv(text.replace('True,0', 'yes,0'))).toThrow(/line 2: single_task/);
    expect(() => parseAuthorsCsv(text.replace('r2,400,', 'r2,'))).toThrow(/line 3: 8 fields/);
    expect(() => cellBenefits(parseAuthorsCsv(text).filter((r) => r.id !== 'r1'))).toThrow(/no single-task run/);
  });
  it("pairs on (ntrain, s_A, seed) when the baseline is stored once per task A, as in the authors' deep file", () => {
    // deep-nonlinear.csv stores each single-task run with s_B = 1 (no multitask cell has it) and an nlayers column.
    const deep =
      'id,nlayers,main_train_pts,aux_train_pts,relatedness,s_a,s_b,single_task,train_seed,validation-1/loss\n' +
      's0,3,400,400,0.0,10.0,1.0,True,0,2.0\n' +
      'm0,3,400,400,0.5,10.0,10.0,False,0,2.25\n' +
      'm1,3,400,400,0.5,10.0,0.631,False,0,1.5\n';
    const runs = parseAuthorsCsv(deep);
    expect(runs.map((r) => r.layers)).toEqual([3, 3, 3]);
    expect(parseAuthorsCsv(text)[0]).not.toHaveProperty('layers');
    expect(cellBenefits(runs).map((c) => [c.scaleB, c.values[0]])).toEqual([
      [0.631, 0.5],
      [10, -0.25],
    ]);
    // Two stored baselines of the same task A that disagree leave the pairing ambiguous.
    const clash = `${deep}s1,3,400,400,0.0,10.0,2.0,True,0,2.5\n`;
    expect(() => cellBenefits(parseAuthorsCsv(clash))).toThrow(/baselines with its ntrain, s_A and seed disagree/);
  });
  it('compares cells with the authors by sign, counting resolved cells and unmatched ones', () => {
    const cell = (q: number, mean: number, se: number) => ({
      mainTrain: 400,
      auxTrain: 400,
      relatedness: q,
      scaleA: 10,
      scaleB: 10,
      mean,
      se,
      values: [],
    });
    const c = compareWithAuthors(
      [cell(0, -0.02, 0.01), cell(1, 0.05, 0.01), cell(0.5, 0.01, 0.01)],
      [cell(0, 0.001, 0.01), cell(1, 0.2, 0.02)],
    );
    expect(c.total).toBe(2);
    expect(c.unmatched).toBe(1);
    expect(c.agree).toBe(1);
    expect(c.resolved).toBe(1);
    expect(c.resolvedAgree).toBe(1);
    expect(c.rows[0].signAgrees).toBe(false);
  });
  it('meanAndSe and monotonicity within k SE', () => {
    expect(() => meanAndSe([])).toThrow(/no values/);
    expect(meanAndSe([2]).se).toBeNaN();
    const line = [0, 0.5, 1].map((q, i) => ({
      mainTrain: 1,
      auxTrain: 1,
      relatedness: q,
      scaleA: 1,
      scaleB: 1,
      mean: [0, 0.1, 0.05][i],
      se: 0.02,
      values: [],
    }));
    expect(monotoneInRelatedness(line, 2)).toBe(true);
    expect(monotoneInRelatedness(line, 1)).toBe(false);
  });
});

describe("the authors' data (MULTITASK.md §2)", () => {
  const saved = process.env.DLGEN_MT_DATA;
  afterEach(() => {
    if (saved === undefined) delete process.env.DLGEN_MT_DATA;
    else process.env.DLGEN_MT_DATA = saved;
  });
  it('are found in the repository, and a wrong DLGEN_MT_DATA is refused by name', () => {
    expect(authorsDataDir()).toMatch(/fixtures[\\/]mt-theory$/);
    const empty = mkdtempSync(join(tmpdir(), 'mt-'));
    process.env.DLGEN_MT_DATA = empty;
    expect(() => authorsDataDir()).toThrow(/DLGEN_MT_DATA=.*does not hold rank-10.csv/);
    writeFileSync(join(empty, 'rank-10.csv'), 'x');
    expect(authorsDataDir()).toBe(empty);
  });
  it('rank-10: 10 800 runs; every clean cell has benefit(q=1) > benefit(q=0); 142 of 144 lines with s_B ≥ 0.158 are monotone in q within 2 SE', () => {
    const runs = loadAuthorsRuns('rank-10');
    expect(runs).toHaveLength(10800);
    // AUTHORS_SCALES is their grid 10^{−2, −1.4, …, 1}, to the digits the files print.
    expect(
      [...new Set(runs.map((r) => r.scaleA))].sort((a, b) => a - b).map((x, i) => Math.abs(x / S[i] - 1) < 1e-13),
    ).toEqual(new Array(6).fill(true));
    const cells = cellBenefits(runs);
    const lines = relatednessLines(cells);
    const clean = lines.filter((l) => l[0].scaleA >= 0.63 && l[0].scaleB >= 0.63);
    expect(clean).toHaveLength(54);
    for (const l of clean) expect(l[4].mean).toBeGreaterThan(l[0].mean);
    const wide = lines.filter((l) => l[0].scaleB >= 0.158);
    expect(wide).toHaveLength(144);
    expect(wide.filter((l) => monotoneInRelatedness(l, 2)).length).toBe(142);
  });
  it('rank-10 at s_A = s_B = 10: the data-limited window in ntrain (MT7) and the single-task baseline of aux-train-pts', () => {
    const cells = cellBenefits(loadAuthorsRuns('rank-10'));
    const at = (n: number, q: number) =>
      findCell(cells, { mainTrain: n, auxTrain: n, relatedness: q, scaleA: 10, scaleB: 10 })!.mean;
    expect([100, 200, 400, 800, 1600, 3200].map((n) => Number(at(n, 1).toFixed(3)) + 0)).toEqual([
      0, 0.054, 0.168, 0.175, 0.114, 0.048,
    ]);
    expect([100, 200, 400, 800].map((n) => Number(at(n, 0).toFixed(3)))).toEqual([-0.011, -0.043, -0.043, -0.025]);
    expect(
      findCell(cells, { mainTrain: 400, auxTrain: 400, relatedness: 1, scaleA: S[2], scaleB: 10 })!.mean,
    ).toBeCloseTo(0.107, 3);
    const aux = loadAuthorsRuns('aux-train-pts');
    const rank10at100 = loadAuthorsRuns('rank-10').filter((r) => r.singleTask && r.mainTrain === AUX_FILE_MAIN_TRAIN);
    for (const r of aux.filter((x) => x.singleTask)) {
      const twin = rank10at100.find((t) => t.seed === r.seed && t.scaleA === r.scaleA);
      expect(Math.abs(twin!.loss - r.loss)).toBeLessThan(1e-6);
    }
  });
  it('aux-train-pts: more auxiliary data amplify both effects (MT8); rank-3 has 3600 runs', () => {
    const cells = cellBenefits(loadAuthorsRuns('aux-train-pts'));
    const at = (a: number, q: number) =>
      findCell(cells, { mainTrain: 100, auxTrain: a, relatedness: q, scaleA: 10, scaleB: 10 })!.mean;
    expect(at(800, 1)).toBeCloseTo(0.337, 3);
    expect(at(800, 0)).toBeCloseTo(-0.083, 3);
    expect(at(100, 0)).toBeCloseTo(-0.011, 3);
    expect(loadAuthorsRuns('rank-3')).toHaveLength(3600);
  });
});
