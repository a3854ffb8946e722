import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/runCli.js';
import { NONLINEAR_TRANSFER_NOTE } from '../src/transfer/nonlinearPairRun.js';
import { simulateTransferRun } from '../src/transfer/simulateTransfer.js';
import { resolveTransferConfig, validateTransferConfig } from '../src/transfer/transferConfig.js';
import { configWriterIn } from './configFiles.js';
import { memoryIo } from './memoryIo.js';

const configFile = configWriterIn(mkdtempSync(join(tmpdir(), 'dlgen-transfer-nl-')));
const small = {
  inputDim: 12,
  examples: 12,
  outputDimA: 5,
  outputDimB: 5,
  hiddenDims: [6],
  singularValuesA: [1],
  singularValuesB: [4],
  alignment: 0.9,
  learningRate: 0.02,
  epochs: 120,
  reportEvery: 10,
  runs: 2,
};
const issuesOf = (raw: object) => {
  const r = validateTransferConfig(raw);
  return r.ok ? [] : r.issues.map((i) => i.field);
};

describe('transfer with nonlinear students (THEORY.md §9.6, §10 F11)', () => {
  it('resolves activation with the random init and the simultaneous update, and names a bad field', () => {
    const c = resolveTransferConfig({ ...small, activation: 'leakyRelu', leakySlope: 0.2 });
    expect(c).toMatchObject({ activation: 'leakyRelu', leakySlope: 0.2, init: 'random', update: 'simultaneous' });
    expect(resolveTransferConfig({ ...small, activation: 'relu' })).toMatchObject({
      activation: 'relu',
      init: 'random',
    });
    expect('activation' in resolveTransferConfig(small)).toBe(false);
    expect('activation' in resolveTransferConfig({ ...small, activation: 'linear' })).toBe(false);
    expect(issuesOf({ ...small, activation: 'leakyRelu', update: 'sequential' })).toEqual(['update']);
    expect(issuesOf({ ...small, activation: 'relu', init: 'aligned' })).toEqual(['init']);
    expect(issuesOf({ ...small, activation: 'relu', leakySlope: 0.1 })).toEqual(['leakySlope']);
    expect(issuesOf({ ...small, activation: 'tanh' })).toEqual(['activation']);
  });

  it('with leaky slope 1 simulates exactly the linear random students with the simultaneous update', () => {
    const nl = simulateTransferRun(resolveTransferConfig({ ...small, activation: 'leakyRelu', leakySlope: 1 }), 1);
    const lin = simulateTransferRun(resolveTransferConfig({ ...small, init: 'random', update: 'simultaneous' }), 1);
    nl.jointTestErrorA.forEach((e, i) => expect(Math.abs(e - lin.jointTestErrorA[i])).toBeLessThanOrEqual(1e-12));
    nl.aloneTestErrorA.forEach((e, i) => expect(Math.abs(e - lin.aloneTestErrorA[i])).toBeLessThanOrEqual(1e-12));
    expect(Math.abs(nl.transfer - lin.transfer)).toBeLessThanOrEqual(1e-12);
    const relu = resolveTransferConfig({ ...small, activation: 'relu' });
    expect(() => simulateTransferRun(relu, 0, { engine: 'decoupled' })).toThrow(/engine/);
  });

  it('dlgen transfer prints the simulation only, with the note, and no theory', async () => {
    const file = configFile({ ...small, activation: 'leakyRelu', leakySlope: 0.2 });
    const io = memoryIo();
    expect(await runCli(['transfer', '--config', file, '--json', '--workers', '1'], io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(Object.keys(doc)).toEqual(['config', 'epochs', 'alone', 'joint', 'transfer', 'note']);
    expect(doc.note).toBe(NONLINEAR_TRANSFER_NOTE);
    expect([doc.alone.theory, doc.joint.theory, doc.transfer.theory]).toEqual([null, null, null]);
    expect(doc.alone.simulation.mean).toHaveLength(13);
    expect(Number.isFinite(doc.transfer.simulation.mean)).toBe(true);
    const text = memoryIo();
    expect(await runCli(['transfer', '--config', file, '--workers', '1'], text)).toBe(0);
    expect(text.out()).toContain(NONLINEAR_TRANSFER_NOTE);
    expect(text.out()).toContain('activation=leakyRelu leakySlope=0.2');
  });

  it('refuses the decoupled engine and the sweep (which pairs every cell with its theory), exit 2 naming the cause', async () => {
    const file = configFile({ ...small, activation: 'relu' });
    const a = memoryIo();
    expect(await runCli(['transfer', '--config', file, '--engine', 'decoupled'], a)).toBe(2);
    expect(a.err()).toContain('--engine decoupled');
    const b = memoryIo();
    expect(await runCli(['transfer', 'sweep', '--config', file, '--alignments', '0,1', '--snrs', '2'], b)).toBe(2);
    expect(b.err()).toContain('activation:');
    expect(b.err()).toContain('dlgen transfer` for nonlinear students');
    expect(b.err()).not.toMatch(/\n\s+at /);
  });

  it('leaky-ReLU teachers: the field, one-hot only, and slope 1 simulating exactly the linear teachers', () => {
    const c = resolveTransferConfig({ ...small, teacherActivation: 'leakyRelu' });
    expect(c).toMatchObject({ teacherActivation: 'leakyRelu', teacherLeakySlope: 0.2, init: 'aligned' });
    expect('teacherActivation' in resolveTransferConfig({ ...small, teacherActivation: 'linear' })).toBe(false);
    expect(issuesOf({ ...small, teacherActivation: 'leakyRelu', examples: 20 })).toEqual(['teacherActivation']);
    expect(issuesOf({ ...small, teacherLeakySlope: 0.3 })).toEqual(['teacherLeakySlope']);
    expect(issuesOf({ ...small, teacherActivation: 'relu' })).toEqual(['teacherActivation']);
    expect(issuesOf({ ...small, teacherActivation: 'leakyRelu', teacherLeakySlope: 2 })).toEqual(['teacherLeakySlope']);
    const one = simulateTransferRun(
      resolveTransferConfig({ ...small, teacherActivation: 'leakyRelu', teacherLeakySlope: 1 }),
      0,
    );
    const lin = simulateTransferRun(resolveTransferConfig(small), 0);
    one.jointTestErrorA.forEach((e, i) => expect(Math.abs(e - lin.jointTestErrorA[i])).toBeLessThanOrEqual(1e-12));
    one.aloneTestErrorA.forEach((e, i) => expect(Math.abs(e - lin.aloneTestErrorA[i])).toBeLessThanOrEqual(1e-12));
    const bent = simulateTransferRun(resolveTransferConfig({ ...small, teacherActivation: 'leakyRelu' }), 0);
    expect(Math.abs(bent.transfer - lin.transfer)).toBeGreaterThan(1e-6);
    expect(() => simulateTransferRun(c, 0, { engine: 'decoupled' })).toThrow(/engine/);
  });

  it('dlgen transfer with leaky-ReLU teachers and students: simulation only; the sweep refuses naming teacherActivation', async () => {
    const file = configFile({ ...small, teacherActivation: 'leakyRelu', activation: 'leakyRelu', leakySlope: 0.2 });
    const io = memoryIo();
    expect(await runCli(['transfer', '--config', file, '--json', '--workers', '1'], io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc.note).toBe(NONLINEAR_TRANSFER_NOTE);
    expect(doc.transfer.theory).toBeNull();
    expect(doc.config).toMatchObject({ teacherActivation: 'leakyRelu', teacherLeakySlope: 0.2 });
    const teacherOnly = configFile({ ...small, teacherActivation: 'leakyRelu' });
    const text = memoryIo();
    expect(await runCli(['transfer', '--config', teacherOnly, '--workers', '1'], text)).toBe(0);
    expect(text.out()).toContain('teacherActivation=leakyRelu teacherLeakySlope=0.2');
    const d = memoryIo();
    expect(await runCli(['transfer', '--config', teacherOnly, '--engine', 'decoupled'], d)).toBe(2);
    expect(d.err()).toContain('teacherActivation "leakyRelu"');
    const s = memoryIo();
    expect(await runCli(['transfer', 'sweep', '--config', teacherOnly, '--alignments', '0,1', '--snrs', '2'], s)).toBe(
      2,
    );
    expect(s.err()).toContain('teacherActivation:');
    expect(s.err()).not.toMatch(/\n\s+at /);
  });
});
