import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveMultitaskConfig } from '../src/multitask/config.js';
import fc from 'fast-check';
import {
  multitaskSweep,
  multitaskSweepRows,
  planMultitaskSweep,
  runMultitaskSweepUnits,
} from '../src/multitask/sweep.js';
import { unitsOfShard } from '../src/shard/assign.js';
import { runLayout } from '../src/shard/layout.js';
import { isolateShardVariables, partWriter, runWithEnv } from './shardHarness.js';
import { configWriterIn } from './configFiles.js';

const dir = mkdtempSync(join(tmpdir(), 'dlgen-multitask-shard-'));
const configFile = configWriterIn(dir);
isolateShardVariables();
const run = runWithEnv;
const save = partWriter(dir);

/** Milliseconds per student: d = 6, C = 3, one trunk layer of 4 units, 4 epochs of batch-8 SGD. */
const small = {
  inputDim: 6,
  classes: 3,
  rank: 2,
  trainExamples: 16,
  auxExamples: 16,
  testExamples: 16,
  trunkLayers: 1,
  trunkWidth: 4,
  batchSize: 8,
  learningRate: 0.05,
  epochs: 4,
  seeds: 2,
};
const sweepArgs = (config: string) => [
  'multitask',
  'sweep',
  '--config',
  config,
  '--relatedness',
  '0,1',
  '--scales-a',
  '0.5,2',
  '--scales-b',
  '3',
  '--workers',
  '1',
  '--no-timings',
];

describe('multitask sweep units', () => {
  it('are the shared single-task students (once per ntrain, s_A, seed), then one unit per cell with all its seeds', () => {
    const config = resolveMultitaskConfig(small);
    const grid = { relatedness: [0, 1], scalesA: [0.5], scalesB: [3, 4], trainExamples: [16], auxExamples: [32] };
    const units = planMultitaskSweep({ config, grid });
    expect(units.map((u) => u.id)).toEqual([
      'single:n=16,sA=0.5,seed=0',
      'single:n=16,sA=0.5,seed=1',
      '0:n=16,aux=32,sA=0.5,sB=3,q=0',
      '1:n=16,aux=32,sA=0.5,sB=3,q=1',
      '2:n=16,aux=32,sA=0.5,sB=4,q=0',
      '3:n=16,aux=32,sA=0.5,sB=4,q=1',
    ]);
    // Cost ∝ examples processed: a single-task run 4 × 16; a cell 2 seeds × 4 epochs × 16 × (1 + ⌊32/16⌋).
    expect(units.map((u) => u.cost)).toEqual([64, 64, 384, 384, 384, 384]);
    expect(units[2].job.jobs.map((j) => [j.seed, j.kind])).toEqual([
      [0, 'multi'],
      [1, 'multi'],
    ]);
    const full = planMultitaskSweep({ config: { ...config, protocol: 'fullBatch' }, grid });
    expect(full[2].cost).toBe(2 * 4 * (16 + 32));
    const layout = runLayout('multitask sweep', { command: 'multitask sweep', config, grid });
    expect([...layout.shardUnits(1, 2), ...layout.shardUnits(2, 2)].sort()).toEqual([...layout.unitIds].sort());
  });

  it('any shard count over any grid: the shards run apart and reassembled give the unsharded rows (property)', async () => {
    const config = resolveMultitaskConfig({ ...small, epochs: 1, testExamples: 8 });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          count: fc.integer({ min: 1, max: 5 }),
          qs: fc.uniqueArray(fc.constantFrom(0, 0.5, 1), { minLength: 1, maxLength: 2 }),
          scalesA: fc.uniqueArray(fc.constantFrom(0.5, 2), { minLength: 1, maxLength: 2 }),
          train: fc.uniqueArray(fc.constantFrom(8, 16), { minLength: 1, maxLength: 2 }),
          aux: fc.option(fc.uniqueArray(fc.constantFrom(8, 24), { minLength: 1, maxLength: 2 }), { nil: undefined }),
        }),
        async ({ count, qs, scalesA, train, aux }) => {
          const grid = { relatedness: qs, scalesA, scalesB: [3], trainExamples: train, auxExamples: aux };
          const units = planMultitaskSweep({ config, grid });
          const byId = new Map<string, Awaited<ReturnType<typeof runMultitaskSweepUnits>>[number]>();
          for (let i = count; i >= 1; i--) {
            const mine = unitsOfShard(units, i, count);
            const results = await runMultitaskSweepUnits(mine, { workers: 1 });
            mine.forEach((u, k) => {
              expect(byId.has(u.id)).toBe(false);
              byId.set(u.id, results[k]);
            });
          }
          expect(byId.size).toBe(units.length);
          const merged = multitaskSweepRows(
            { config, grid },
            units.map((u) => byId.get(u.id)!),
          );
          expect(merged).toEqual(await multitaskSweep(config, grid, { workers: 1 }));
        },
      ),
      { numRuns: 4, seed: 20260103 },
    );
  });
});

describe('dlgen multitask sweep --shard and dlgen merge', () => {
  it('shards merged in any order give the unsharded CSV byte for byte; Slurm and Kubernetes variables choose the shard', async () => {
    const argv = sweepArgs(configFile(small));
    const whole = await run(argv);
    expect(whole.code, whole.err).toBe(0);
    // 4 cells × 2 seeds × (single + multi) rows and the header.
    expect(whole.out.trim().split('\n')).toHaveLength(17);
    const parts: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const p = await run([...argv, '--shard', `${i}/3`]);
      expect(p.code, p.err).toBe(0);
      expect(p.err).toMatch(new RegExp(`^dlgen multitask sweep: shard ${i}/3 \\(from --shard\\): \\d of 8 units\\n$`));
      parts.push(save(p.out));
    }
    const manifest = JSON.parse(readFileSync(parts[0], 'utf8')).manifest;
    expect(manifest).toMatchObject({ command: 'multitask sweep', rootSeed: 0, shard: { index: 1, count: 3 } });
    for (const order of [
      [0, 1, 2],
      [2, 0, 1],
      [1, 2, 0],
    ]) {
      const m = await run(['merge', ...order.map((k) => parts[k])]);
      expect(m.code, m.err).toBe(0);
      expect(m.out).toBe(whole.out);
    }
    // The same shards from a Slurm array task and a Kubernetes Indexed Job mix with --shard parts.
    const slurm = await run(argv, { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '3' });
    expect(slurm.err).toContain('shard 2/3 (from SLURM_ARRAY_TASK_ID=1, SLURM_ARRAY_TASK_COUNT=3)');
    const k8s = await run([...argv, '--shard-count', '3'], { JOB_COMPLETION_INDEX: '2' });
    expect(k8s.err).toContain('shard 3/3 (from JOB_COMPLETION_INDEX=2, --shard-count 3)');
    const out = join(dir, 'merged.csv');
    const mixed = await run(['merge', save(k8s.out), parts[0], save(slurm.out), '--out', out]);
    expect(mixed.code, mixed.err).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(whole.out);

    // Missing, duplicated and foreign parts are refused with exit 2 and one line.
    const other = await run([...sweepArgs(configFile({ ...small, epochs: 3 })), '--shard', '3/3']);
    const otherSeed = await run([...argv, '--seed', '7', '--shard', '3/3']);
    const transfer = save(
      (await run(['verify', '--claim', 'C4', '--runs', '1', '--workers', '1', '--no-timings', '--shard', '3/3'])).out,
    );
    const refusals: [string[], RegExp][] = [
      [[parts[0], parts[2]], /^dlgen: merge: missing shard 2\/3\n$/],
      [[parts[0], parts[1], parts[1], parts[2]], /^dlgen: merge: duplicated shard 2\/3: /],
      [[parts[0], parts[1], save(other.out)], /^dlgen: merge: different configs: /],
      [[parts[0], parts[1], save(otherSeed.out)], /^dlgen: merge: different seeds: /],
      [[parts[0], parts[1], transfer], /is a part of "dlgen verify"/],
    ];
    for (const [files, message] of refusals) {
      const r = await run(['merge', ...files]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
    }
  });
});
