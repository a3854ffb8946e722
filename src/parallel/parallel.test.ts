import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/simulationConfig.js';
import { simulate } from '../network/simulate.js';
import { mapInWorkers } from './pool.js';
import { simulateParallel } from './simulateParallel.js';

const small = resolveConfig({
  inputDim: 24,
  outputDim: 12,
  examples: 24,
  hiddenDims: [12],
  epochs: 400,
  reportEvery: 10,
  runs: 3,
  seed: 7,
  learningRate: 0.01,
});
const distIndex = new URL('../../dist/index.js', import.meta.url);
const haveDist = existsSync(fileURLToPath(distIndex));

describe('parallel runs', () => {
  it('from sources run in-process and equal simulate byte for byte', async () => {
    const seq = simulate(small);
    let last = 0;
    const par = await simulateParallel(small, { workers: 2, eager: true, onProgress: (d) => (last = d) });
    expect(JSON.stringify(par)).toBe(JSON.stringify(seq));
    expect(last).toBe(small.runs * small.epochs);
  });

  it('keeps small runs on this thread and estimates run work', async () => {
    const { runFlop } = await import('./simulateParallel.js');
    expect(runFlop(resolveConfig({ runs: 1 }))).toBe(1.5e10);
  });

  it('maps a job function over jobs in order (in-process fallback)', async () => {
    const out = await mapInWorkers<number, number>(
      { module: new URL('./testJob.ts', import.meta.url), name: 'square' },
      [1, 2, 3, 4],
      { workers: 2 },
    );
    expect(out).toEqual([1, 4, 9, 16]);
  });

  // npm test builds dist/ first; these run the compiled library on real worker threads.
  it.skipIf(!haveDist)(
    'on worker threads (several runs) and on a thread team (one run) equal simulate byte for byte',
    async () => {
      const dist = (await import(distIndex.href)) as typeof import('./index.js') & typeof import('../network/index.js');
      const seq = JSON.stringify(simulate(small));
      const pooled = await dist.simulateParallel(small, { workers: 2, eager: true });
      expect(JSON.stringify(pooled)).toBe(seq);
      for (const update of ['sequential', 'simultaneous'] as const) {
        for (const hiddenDims of [[12], [10, 14, 9]]) {
          for (const [examples, inputs] of [
            [24, 'orthogonal'],
            [8, 'orthogonal'],
            [30, 'gaussian'],
          ] as const) {
            const one = resolveConfig({
              ...small,
              runs: 1,
              epochs: 60,
              hiddenDims,
              update,
              examples,
              inputs,
              init: 'random',
              initScale: 0.01,
            });
            const teamed = await dist.simulateParallel(one, { workers: 2, eager: true });
            expect(JSON.stringify(teamed), `${update} [${hiddenDims}] P=${examples} ${inputs}`).toBe(
              JSON.stringify(simulate(one)),
            );
          }
        }
      }
    },
  );

  it.skipIf(!haveDist)('dlgen simulate with a thread team exits 0 with the same bytes as --workers 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlgen-team-'));
    const file = join(dir, 'c.json');
    // Long and wide enough for simulateParallel to start a team (≥ 2e9 FLOP, ≥ 32 rows).
    writeFileSync(
      file,
      JSON.stringify({
        inputDim: 64,
        examples: 64,
        hiddenDims: [32],
        outputDim: 32,
        epochs: 6000,
        reportEvery: 50,
        runs: 1,
      }),
    );
    const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
    const run = (w: string) =>
      spawnSync(process.execPath, [cli, 'simulate', '--config', file, '--json', '--workers', w], { encoding: 'utf8' });
    const two = run('2');
    const one = run('1');
    expect(two.status).toBe(0);
    expect(one.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it.skipIf(!haveDist)('rebuilds a divergence in a worker as a DivergenceError', async () => {
    const dist = (await import(distIndex.href)) as typeof import('./index.js') & typeof import('../network/index.js');
    const bad = resolveConfig({ ...small, learningRate: 2, init: 'aligned', initScale: 1e-3 });
    await expect(dist.simulateParallel(bad, { workers: 2, eager: true })).rejects.toBeInstanceOf(dist.DivergenceError);
  });
});
