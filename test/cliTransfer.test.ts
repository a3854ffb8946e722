import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/runCli.js';
import { SWEEP_CSV_COLUMNS } from '../src/transfer/transferSweep.js';
import { INVALID_TRANSFER_FIELDS } from './invalidTransferConfigs.js';
import { memoryIo } from './memoryIo.js';
import { configWriterIn } from './configFiles.js';

const dir = mkdtempSync(join(tmpdir(), 'dlgen-transfer-'));
const configFile = configWriterIn(dir);
const small = {
  inputDim: 16,
  examples: 16,
  outputDimA: 6,
  outputDimB: 6,
  hiddenDims: [8],
  singularValuesA: [1],
  singularValuesB: [4],
  alignment: 0.9,
  learningRate: 0.01,
  epochs: 200,
  reportEvery: 20,
  runs: 2,
};

describe('dlgen transfer', () => {
  it('prints the JSON document docs/transfer.md specifies', async () => {
    const io = memoryIo();
    expect(await runCli(['transfer', '--config', configFile(small), '--json'], io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(Object.keys(doc)).toEqual(['config', 'epochs', 'alone', 'joint', 'transfer']);
    expect(doc.config).toMatchObject({
      ...small,
      noiseStd: Math.SQRT2,
      initScale: 1e-5,
      init: 'aligned',
      update: 'sequential',
      seed: 0,
    });
    expect(doc.epochs).toEqual(Array.from({ length: 11 }, (_, i) => 20 * i));
    for (const curve of [doc.alone, doc.joint]) {
      expect(Object.keys(curve)).toEqual(['theory', 'simulation']);
      expect(curve.theory).toHaveLength(11);
      expect(Object.keys(curve.simulation)).toEqual(['mean', 'se']);
      expect(curve.simulation.mean).toHaveLength(11);
      expect(curve.simulation.se).toHaveLength(11);
      expect(curve.theory[0]).toBeCloseTo(1, 3);
      expect(curve.simulation.mean[0]).toBeCloseTo(1, 2);
    }
    expect(typeof doc.transfer.theory).toBe('number');
    expect(Object.keys(doc.transfer.simulation)).toEqual(['mean', 'se']);
    expect(doc.transfer.simulation.se).toBeGreaterThan(0);
    expect(io.err()).toBe('');
  });

  it('gives a null SE for a single run, and applies --runs and --seed', async () => {
    const io = memoryIo();
    expect(await runCli(['transfer', '--config', configFile(small), '--json', '--runs', '1', '--seed', '7'], io)).toBe(
      0,
    );
    const doc = JSON.parse(io.out());
    expect([doc.config.runs, doc.config.seed]).toEqual([1, 7]);
    expect(doc.transfer.simulation.se).toBeNull();
    expect(doc.alone.simulation.se).toBeNull();
  });

  it('gives the same transfer with --engine decoupled as with matrix GD', async () => {
    const gd = memoryIo();
    const fast = memoryIo();
    await runCli(['transfer', '--config', configFile(small), '--json'], gd);
    await runCli(['transfer', '--config', configFile(small), '--json', '--engine', 'decoupled'], fast);
    const a = JSON.parse(gd.out()).transfer.simulation.mean;
    const b = JSON.parse(fast.out()).transfer.simulation.mean;
    expect(Math.abs(a - b)).toBeLessThan(1e-10);
  });

  it('prints a human summary with T in theory and simulation', async () => {
    const io = memoryIo();
    expect(await runCli(['transfer', '--config', configFile(small)], io)).toBe(0);
    expect(io.out()).toMatch(/T\^\{A<-B\} \(8\.2\)\s+-?\d/);
    expect(io.out()).toMatch(/min error on A, joint\s+\S+ at epoch \d+/);
  });

  it.each(INVALID_TRANSFER_FIELDS)('exits 2 on %s and names the field', async (_name, raw, field) => {
    const io = memoryIo();
    expect(await runCli(['transfer', '--config', configFile(raw)], io)).toBe(2);
    expect(io.err()).toContain(`${field}:`);
    expect(io.err()).toContain('allowed:');
    expect(io.err()).not.toMatch(/\n\s+at /);
    expect(io.out()).toBe('');
  });

  it('exits 2 on bad arguments, bad JSON and a missing file', async () => {
    for (const argv of [
      ['transfer', '--config', configFile('{"runs": 1,')],
      ['transfer', '--config', join(dir, 'missing.json')],
      ['transfer', '--engine', 'fast'],
      ['transfer', '--workers', '0'],
      ['transfer', '--runs', 'many'],
      ['transfer', '--config', configFile({ ...small, init: 'random' }), '--engine', 'decoupled'],
      ['transfer', '--frobnicate'],
    ]) {
      const io = memoryIo();
      expect(await runCli(argv, io), argv.join(' ')).toBe(2);
      expect(io.err().length).toBeGreaterThan(10);
      expect(io.err()).not.toMatch(/\n\s+at /);
    }
  });

  it('exits 3 with the learning rate named when training diverges', async () => {
    const io = memoryIo();
    expect(await runCli(['transfer', '--config', configFile({ ...small, learningRate: 3 })], io)).toBe(3);
    expect(io.err()).toMatch(/diverged .* learningRate 3/);
  });
});

describe('dlgen transfer sweep', () => {
  it('writes one CSV row per (alignment, SNR) cell, in grid order', async () => {
    const io = memoryIo();
    const code = await runCli(
      [
        'transfer',
        'sweep',
        '--config',
        configFile(small),
        '--alignments',
        '0,1',
        '--snrs',
        '2',
        '4',
        '--engine',
        'decoupled',
      ],
      io,
    );
    expect(code, io.err()).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toBe(SWEEP_CSV_COLUMNS.join(','));
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3))).toEqual([
      ['0', '2', '2'],
      ['0', '4', '4'],
      ['1', '2', '2'],
      ['1', '4', '4'],
    ]);
  });

  it('writes the CSV to --out, and takes --runs and --seed after the subcommand', async () => {
    const io = memoryIo();
    const out = join(dir, 'sweep.csv');
    expect(
      await runCli(
        [
          'transfer',
          'sweep',
          '--config',
          configFile(small),
          '--alignments',
          '0.5',
          '--snrs',
          '3',
          '--runs',
          '1',
          '--out',
          out,
          '--engine',
          'decoupled',
        ],
        io,
      ),
    ).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1].split(',')[5]).toBe(''); // SE of one run
    expect(lines[1].split(',').at(-1)).toBe('1');
    expect(io.out()).toBe('');
  });

  it('exits 2 on a missing or bad grid', async () => {
    for (const argv of [
      ['transfer', 'sweep', '--config', configFile(small), '--snrs', '2'],
      ['transfer', 'sweep', '--config', configFile(small), '--alignments', '2', '--snrs', '2'],
      ['transfer', 'sweep', '--config', configFile(small), '--alignments', '0.5', '--snrs', 'x'],
      ['transfer', 'sweep', '--config', configFile(small), '--alignments', '0.5', '--snrs', '-1'],
    ]) {
      const io = memoryIo();
      expect(await runCli(argv, io), argv.join(' ')).toBe(2);
      expect(io.err()).toMatch(/--alignments|--snrs/);
    }
  });
});

describe('dlgen transfer as a process', () => {
  const cli = join(process.cwd(), 'dist', 'cli', 'main.js');
  const built = existsSync(join(process.cwd(), 'dist', 'cli', 'commands', 'transfer.js'));
  it.skipIf(!built)(
    'gives byte-identical --json output for the same seed across two processes (worker threads)',
    () => {
      const path = configFile(small);
      const run = (seed: string) =>
        execFileSync(process.execPath, [cli, 'transfer', '--config', path, '--json', '--seed', seed, '--workers', '2']);
      const a = run('3');
      expect(a.length).toBeGreaterThan(1000);
      expect(Buffer.compare(a, run('3'))).toBe(0);
      expect(Buffer.compare(a, run('4'))).not.toBe(0);
    },
  );

  it.skipIf(!built)('exits 2 without a stack trace on a bad config', () => {
    const r = spawnSync(process.execPath, [cli, 'transfer', '--config', configFile({ alignment: 2 })], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/alignment: got 2; allowed: number in \[0, 1\]/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
