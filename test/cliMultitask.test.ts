import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/runCli.js';
import { AUTHORS_COLUMNS, parseAuthorsCsv } from '../src/multitask/authorsCsv.js';
import { cellBenefits } from '../src/multitask/benefits.js';
import { memoryIo } from './memoryIo.js';
import { configWriterIn } from './configFiles.js';

const dir = mkdtempSync(join(tmpdir(), 'dlgen-multitask-'));
const configFile = configWriterIn(dir);
/** A few-second setting: d = 8, C = 3, one trunk layer of 6 units, 30 epochs of batch-8 SGD. */
const small = {
  inputDim: 8,
  classes: 3,
  rank: 2,
  trainExamples: 24,
  auxExamples: 24,
  testExamples: 40,
  trunkLayers: 1,
  trunkWidth: 6,
  batchSize: 8,
  learningRate: 0.05,
  epochs: 30,
  seeds: 2,
};

describe('dlgen multitask', () => {
  it('prints { config, seeds: [{ seed, singleTaskLoss, multiTaskLoss, benefit, singleTaskAccuracy, multiTaskAccuracy }], benefit: { mean, se } }', async () => {
    const io = memoryIo();
    expect(
      await runCli(['multitask', '--config', configFile(small), '--json', '--seeds', '3', '--seed', '4'], io),
    ).toBe(0);
    const doc = JSON.parse(io.out());
    expect(Object.keys(doc)).toEqual(['config', 'seeds', 'benefit']);
    expect(doc.config).toMatchObject({
      ...small,
      seeds: 3,
      seed: 4,
      logitNoiseStd: 1 / Math.sqrt(8),
      protocol: 'paper',
      activation: 'relu',
    });
    expect(doc.seeds).toHaveLength(3);
    for (const [k, s] of doc.seeds.entries()) {
      expect(Object.keys(s)).toEqual([
        'seed',
        'singleTaskLoss',
        'multiTaskLoss',
        'benefit',
        'singleTaskAccuracy',
        'multiTaskAccuracy',
      ]);
      expect(s.seed).toBe(k);
      expect(s.benefit).toBeCloseTo(s.singleTaskLoss - s.multiTaskLoss, 14);
      expect(s.singleTaskAccuracy).toBeGreaterThanOrEqual(0);
      expect(s.multiTaskAccuracy).toBeLessThanOrEqual(1);
    }
    const b = doc.seeds.map((s: { benefit: number }) => s.benefit);
    const mean = b.reduce((x: number, y: number) => x + y, 0) / 3;
    expect(doc.benefit.mean).toBeCloseTo(mean, 14);
    expect(doc.benefit.se).toBeCloseTo(
      Math.sqrt(b.reduce((s: number, x: number) => s + (x - mean) ** 2, 0) / 2 / 3),
      14,
    );
    // Same seed, same bytes (one worker or several).
    const again = memoryIo();
    expect(
      await runCli(
        ['multitask', '--config', configFile(small), '--json', '--seeds', '3', '--seed', '4', '--workers', '1'],
        again,
      ),
    ).toBe(0);
    expect(again.out()).toBe(io.out());
  });
  it('prints a summary without --json, and fullBatch runs', async () => {
    const io = memoryIo();
    expect(
      await runCli(
        [
          'multitask',
          '--config',
          configFile({ ...small, protocol: 'fullBatch', update: 'sequential', activation: 'linear', epochs: 20 }),
        ],
        io,
      ),
    ).toBe(0);
    expect(io.out()).toMatch(
      /protocol=fullBatch update=sequential[\s\S]*seed 1: single[\s\S]*benefit \(single − multi/,
    );
  });
  it('refuses bad input with exit 2 naming the field or flag', async () => {
    const bad = memoryIo();
    expect(await runCli(['multitask', '--config', configFile({ relatedness: 3 })], bad)).toBe(2);
    expect(bad.err()).toMatch(/relatedness: got 3; allowed: number in \[0, 1\]/);
    const order = memoryIo();
    expect(await runCli(['multitask', '--config', configFile({ update: 'sequential' })], order)).toBe(2);
    expect(order.err()).toMatch(/update: got "sequential"; allowed: "simultaneous" with protocol "paper"/);
    const seeds = memoryIo();
    expect(await runCli(['multitask', '--seeds', '1'], seeds)).toBe(2);
    expect(seeds.err()).toMatch(/--seeds: got "1"; allowed: integer in \[2, 10000\]/);
    const grid = memoryIo();
    expect(await runCli(['multitask', 'sweep', '--config', configFile(small), '--relatedness', '0,1.5'], grid)).toBe(2);
    expect(grid.err()).toMatch(/--relatedness: got 1.5; allowed: numbers in \[0, 1\]/);
  });
  it('exits 3 when training diverges', async () => {
    const io = memoryIo();
    expect(
      await runCli(
        ['multitask', '--config', configFile({ ...small, learningRate: 100, scaleA: 1000, epochs: 50 })],
        io,
      ),
    ).toBe(3);
    expect(io.err()).toMatch(/learningRate/);
  });
  it("sweep writes the authors' column layout, one single and one multitask row per cell and seed", async () => {
    const out = join(dir, 'sweep.csv');
    const io = memoryIo();
    expect(
      await runCli(
        [
          'multitask',
          'sweep',
          '--config',
          configFile({ ...small, epochs: 10 }),
          '--relatedness',
          '0',
          '1',
          '--scales-b',
          '0.5,4',
          '--out',
          out,
        ],
        io,
      ),
    ).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toBe(AUTHORS_COLUMNS.join(','));
    const runs = parseAuthorsCsv(text);
    expect(runs).toHaveLength(2 * 2 * 2 * 2);
    const cells = cellBenefits(runs);
    expect(cells).toHaveLength(4);
    const aux = memoryIo();
    expect(
      await runCli(
        [
          'multitask',
          'sweep',
          '--config',
          configFile({ ...small, epochs: 2 }),
          '--train',
          '12',
          '--aux',
          '12,24',
          '--seeds',
          '2',
        ],
        aux,
      ),
    ).toBe(0);
    const auxRuns = parseAuthorsCsv(aux.out());
    expect([...new Set(auxRuns.map((r) => `${r.mainTrain}/${r.auxTrain}`))]).toEqual(['12/12', '12/24']);
    // The single-task baseline depends on task A's draws only: equal in every cell of a seed.
    for (const seed of [0, 1])
      expect(new Set(runs.filter((r) => r.singleTask && r.seed === seed).map((r) => r.loss)).size).toBe(1);
  });
  it("compare prints dlgen beside the authors' cells with the sign-agreement count", async () => {
    const csv = join(dir, 'mine.csv');
    const s10 = 10;
    const lines = ['id,main_train_pts,aux_train_pts,relatedness,s_a,s_b,single_task,train_seed,validation-1/loss'];
    for (const seed of [0, 1]) {
      lines.push(
        `a${seed},400,400,0.0,${s10},${s10},True,${seed},2.0`,
        `b${seed},400,400,0.0,${s10},${s10},False,${seed},${2.03 + 0.01 * seed}`,
      );
      lines.push(
        `c${seed},400,400,1.0,${s10},${s10},True,${seed},2.0`,
        `d${seed},400,400,1.0,${s10},${s10},False,${seed},${1.9 - 0.01 * seed}`,
      );
    }
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const io = memoryIo();
    expect(await runCli(['multitask', 'compare', csv], io)).toBe(0);
    expect(io.out()).toMatch(/\| 400 \| 400 \| 10 \| 10 \| 0 \| -0.035 ± 0.005 \| -0.043 ± /);
    expect(io.out()).toMatch(/sign agrees in 2 of 2 cells \(2 of the 2 whose authors' mean is more than 2 SE from 0\)/);
    const json = memoryIo();
    expect(await runCli(['multitask', 'compare', csv, '--json'], json)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({ agree: 2, total: 2, unmatched: 0 });
    const bad = memoryIo();
    expect(await runCli(['multitask', 'compare', csv, '--authors', 'rank-7'], bad)).toBe(2);
    expect(bad.err()).toMatch(/--authors: got "rank-7"; allowed: rank-10, rank-3, aux-train-pts/);
    const missing = memoryIo();
    expect(await runCli(['multitask', 'compare', join(dir, 'nope.csv')], missing)).toBe(2);
    expect(missing.err()).toMatch(/<csv>: cannot read/);
  });
  it('compare takes a CSV path for --authors and keeps one trunk depth with --layers', async () => {
    const header = 'id,main_train_pts,aux_train_pts,relatedness,s_a,s_b,single_task,train_seed,validation-1/loss';
    const mine = join(dir, 'mine-deep.csv');
    const ours = [header];
    for (const seed of [0, 1])
      ours.push(
        `s${seed},400,400,0,10,10,True,${seed},2`,
        `m${seed},400,400,0,10,10,False,${seed},${2.1 + 0.01 * seed}`,
      );
    writeFileSync(mine, `${ours.join('\n')}\n`);
    // Their deep layout: an nlayers column; depth 3 has interference (benefit < 0), depth 5 a gain.
    const deep = join(dir, 'deep.csv');
    const theirs = [header.replace('id,', 'id,nlayers,')];
    for (const [layers, multi] of [
      [3, 2.2],
      [5, 1.8],
    ] as const)
      for (const seed of [0, 1])
        theirs.push(
          `s${layers}${seed},${layers},400,400,0,10,10,True,${seed},2`,
          `m${layers}${seed},${layers},400,400,0,10,10,False,${seed},${multi + 0.01 * seed}`,
        );
    writeFileSync(deep, `${theirs.join('\n')}\n`);
    const three = memoryIo();
    expect(await runCli(['multitask', 'compare', mine, '--authors', deep, '--layers', '3', '--json'], three)).toBe(0);
    expect(JSON.parse(three.out())).toMatchObject({ agree: 1, total: 1 });
    const five = memoryIo();
    expect(await runCli(['multitask', 'compare', mine, '--authors', deep, '--layers', '5', '--json'], five)).toBe(0);
    expect(JSON.parse(five.out())).toMatchObject({ agree: 0, total: 1 });
    const mixed = memoryIo();
    expect(await runCli(['multitask', 'compare', mine, '--authors', deep], mixed)).toBe(2);
    expect(mixed.err()).toMatch(/--layers: .*deep\.csv holds runs of 3, 5 trunk layers; pick one/);
    const absent = memoryIo();
    expect(await runCli(['multitask', 'compare', mine, '--authors', deep, '--layers', '4'], absent)).toBe(2);
    expect(absent.err()).toMatch(/no runs with 4 trunk layers \(it has 3, 5\)/);
    const notInt = memoryIo();
    expect(await runCli(['multitask', 'compare', mine, '--authors', deep, '--layers', '2.5'], notInt)).toBe(2);
    expect(notInt.err()).toMatch(/--layers: got "2.5"; expected an integer ≥ 1/);
    const flat = memoryIo();
    expect(await runCli(['multitask', 'compare', mine, '--authors', mine, '--layers', '3'], flat)).toBe(2);
    expect(flat.err()).toMatch(/--layers: .* has no nlayers column/);
    const unreadable = memoryIo();
    expect(await runCli(['multitask', 'compare', mine, '--authors', join(dir, 'none.csv')], unreadable)).toBe(2);
    expect(unreadable.err()).toMatch(/--authors: cannot read/);
  });
});
