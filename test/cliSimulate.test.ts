import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/runCli.js';
import { createProgress } from '../src/cli/progress.js';
import { INVALID_FIELDS } from './invalidConfigs.js';
import { memoryIo } from './memoryIo.js';
import { configWriterIn, SMALL_SIMULATION } from './configFiles.js';

const dir = mkdtempSync(join(tmpdir(), 'dlgen-cli-'));
const configFile = configWriterIn(dir);
const small = SMALL_SIMULATION;

describe('dlgen simulate', () => {
  it('prints the JSON document README.md specifies', async () => {
    const io = memoryIo();
    expect(await runCli(['simulate', '--config', configFile(small), '--json'], io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(Object.keys(doc)).toEqual(['config', 'epochs', 'runs', 'mean']);
    expect(doc.config).toMatchObject({
      ...small,
      noiseStd: 1,
      init: 'aligned',
      update: 'sequential',
      inputs: 'orthogonal',
      seed: 0,
    });
    expect(doc.epochs).toEqual(Array.from({ length: 11 }, (_, i) => 20 * i));
    expect(doc.runs).toHaveLength(2);
    for (const run of doc.runs) {
      expect(run.trainError).toHaveLength(11);
      expect(run.testError).toHaveLength(11);
      expect(run.modeStrengths).toHaveLength(1); // one curve per teacher mode
      expect(run.modeStrengths[0]).toHaveLength(11);
      expect(run.testError[0]).toBeCloseTo(1, 2);
    }
    expect(doc.mean.testError[5]).toBeCloseTo((doc.runs[0].testError[5] + doc.runs[1].testError[5]) / 2, 14);
    expect(io.err()).toBe('');
  });

  it('prints a human summary with final and minimum errors', async () => {
    const io = memoryIo();
    expect(await runCli(['simulate', '--config', configFile(small)], io)).toBe(0);
    expect(io.out()).toMatch(/final train error/);
    expect(io.out()).toMatch(/min test error \(mean curve\)\s+\S+ at epoch \d+/);
  });

  it('applies --runs and --seed over the config', async () => {
    const io = memoryIo();
    await runCli(['simulate', '--config', configFile(small), '--json', '--runs', '1', '--seed', '9'], io);
    const doc = JSON.parse(io.out());
    expect([doc.config.runs, doc.config.seed, doc.runs.length]).toEqual([1, 9, 1]);
  });

  it('prints help', async () => {
    const io = memoryIo();
    expect(await runCli(['simulate', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/--config <file>/);
  });

  it.each(INVALID_FIELDS)('exits 2 on %s and names the field', async (_name, raw, field) => {
    const io = memoryIo();
    expect(await runCli(['simulate', '--config', configFile(raw)], io)).toBe(2);
    expect(io.err()).toContain(`${field}:`);
    expect(io.err()).toContain('allowed:');
    expect(io.err()).not.toMatch(/\n\s+at /); // no stack trace
    expect(io.out()).toBe('');
  });

  it('exits 2 on bad JSON, a missing file, bad option values and unknown options', async () => {
    for (const argv of [
      ['simulate', '--config', configFile('{"runs": 1,')],
      ['simulate', '--config', join(dir, 'missing.json')],
      ['simulate', '--runs', 'many'],
      ['simulate', '--seed', '1.5'],
      ['simulate', '--frobnicate'],
      ['simulat'],
    ]) {
      const io = memoryIo();
      expect(await runCli(argv, io), argv.join(' ')).toBe(2);
      expect(io.err().length).toBeGreaterThan(10);
    }
  });

  it('exits 3 with the learning rate named when training diverges', async () => {
    const io = memoryIo();
    expect(await runCli(['simulate', '--config', configFile({ ...small, learningRate: 2 })], io)).toBe(3);
    expect(io.err()).toMatch(/diverged .* learningRate 2/);
  });

  it('draws a progress bar on a TTY only after a second, and never on stdout', () => {
    let clock = 0;
    const io = memoryIo({ tty: true, clock: () => clock });
    const p = createProgress(io);
    p.update(1, 10);
    expect(io.err()).toBe('');
    clock = 1500;
    p.update(5, 10, 'epochs');
    expect(io.err()).toMatch(/\[#+\.+\]\s+50% epochs/);
    p.finish();
    expect(io.out()).toBe('');
    const quiet = memoryIo({ tty: false, clock: () => 5000 });
    createProgress(quiet).update(5, 10);
    expect(quiet.err()).toBe('');
  });
});

describe('dlgen simulate as a process', () => {
  const cli = join(process.cwd(), 'dist', 'cli', 'main.js');
  it('gives byte-identical --json output for the same seed across two processes', () => {
    expect(existsSync(cli), 'dist/cli/main.js is missing: run `npm run build` (npm test does)').toBe(true);
    const path = configFile(small);
    const run = (seed: string) =>
      execFileSync(process.execPath, [cli, 'simulate', '--config', path, '--json', '--seed', seed]);
    const a = run('3');
    const b = run('3');
    expect(a.length).toBeGreaterThan(1000);
    expect(Buffer.compare(a, b)).toBe(0);
    expect(Buffer.compare(a, run('4'))).not.toBe(0);
  });

  it('exits 2 without a stack trace on a bad config', () => {
    const r = spawnSync(process.execPath, [cli, 'simulate', '--config', configFile({ noiseStd: -1 })], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/noiseStd: got -1; allowed: number in \[0, 1000000\]/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
