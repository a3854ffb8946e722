import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INVALID_FIELDS } from '../../../test/invalidConfigs.js';
import { memoryIo } from '../../../test/memoryIo.js';
import { buildAsymptoticModel } from '../../theory/asymptoticModel.js';
import { theoryTestError } from '../../theory/theoryErrors.js';
import { runCli } from '../runCli.js';

const dir = mkdtempSync(join(tmpdir(), 'dlgen-theory-'));
let n = 0;
function configFile(raw: unknown): string {
  const path = join(dir, `c${n++}.json`);
  writeFileSync(path, JSON.stringify(raw));
  return path;
}
const small = {
  inputDim: 12,
  hiddenDims: [6],
  outputDim: 6,
  examples: 12,
  teacherSingularValues: [3, 1],
  epochs: 2000,
  reportEvery: 40,
  runs: 2,
  learningRate: 0.01,
  initScale: 1e-3,
};

describe('dlgen theory', () => {
  it('prints the JSON document README.md specifies, on exactly the epoch grid of dlgen simulate', async () => {
    const io = memoryIo();
    expect(await runCli(['theory', '--config', configFile(small), '--json'], io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(Object.keys(doc)).toEqual([
      'config',
      'epochs',
      'trainError',
      'testError',
      'modeStrengths',
      'sHat',
      'overlap',
      'threshold',
      'optimalStoppingEpoch',
      'minTestError',
      'shrinkageTestError',
    ]);
    const sim = memoryIo();
    expect(await runCli(['simulate', '--config', configFile(small), '--json'], sim)).toBe(0);
    const simDoc = JSON.parse(sim.out());
    expect(doc.epochs).toEqual(simDoc.epochs);
    expect(doc.config).toEqual(simDoc.config);
    expect(doc.trainError).toHaveLength(doc.epochs.length);
    expect(doc.testError).toHaveLength(doc.epochs.length);
    expect(doc.modeStrengths).toHaveLength(2);
    expect(doc.modeStrengths[1]).toHaveLength(doc.epochs.length);
    expect(doc.sHat).toHaveLength(2);
    expect(doc.threshold).toBeCloseTo(Math.pow(0.5, 0.25), 14);
    expect(io.err()).toBe('');
  });

  it('reports the continuous-time optimum, not a grid scan', async () => {
    const io = memoryIo();
    await runCli(['theory', '--config', configFile(small), '--json'], io);
    const doc = JSON.parse(io.out());
    expect(doc.minTestError).toBeLessThanOrEqual(Math.min(...doc.testError));
    expect(doc.optimalStoppingEpoch % 40).not.toBe(0); // off the recorded grid
    const model = buildAsymptoticModel(doc.config);
    expect(theoryTestError(model, doc.optimalStoppingEpoch)).toBeCloseTo(doc.minTestError, 14);
    expect(doc.shrinkageTestError).toBeLessThanOrEqual(doc.minTestError);
  });

  it('prints a human summary and help', async () => {
    const io = memoryIo();
    expect(await runCli(['theory', '--config', configFile(small)], io)).toBe(0);
    expect(io.out()).toMatch(/optimal stopping epoch/);
    expect(io.out()).toMatch(/detectability threshold/);
    const help = memoryIo();
    expect(await runCli(['theory', '--help'], help)).toBe(0);
    expect(help.out()).toMatch(/--config <file>/);
    expect(help.out()).toMatch(/--json/);
  });

  it.each(INVALID_FIELDS)('exits 2 on %s and names the field', async (_name, raw, field) => {
    const io = memoryIo();
    expect(await runCli(['theory', '--config', configFile(raw)], io)).toBe(2);
    expect(io.err()).toContain(`${field}:`);
    expect(io.err()).not.toMatch(/\n\s+at /);
    expect(io.out()).toBe('');
  });

  it('evaluates the curves at an explicit list of epochs (--epochs), equal to the grid values there', async () => {
    const grid = memoryIo();
    expect(await runCli(['theory', '--config', configFile(small), '--json'], grid)).toBe(0);
    const g = JSON.parse(grid.out());
    const io = memoryIo();
    expect(await runCli(['theory', '--config', configFile(small), '--json', '--epochs', '0,400', '1200'], io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc.epochs).toEqual([0, 400, 1200]);
    expect(doc.testError).toEqual([0, 400, 1200].map((t) => g.testError[g.epochs.indexOf(t)]));
    const bad = memoryIo();
    expect(await runCli(['theory', '--epochs', '-1'], bad)).toBe(2);
    expect(bad.err()).toContain('--epochs: got -1');
  });
});
