import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/runCli.js';
import { memoryIo } from './memoryIo.js';
import { configWriter } from './configFiles.js';

// The commands on nonlinear students (THEORY.md §9.6): simulate trains them, compare shows the simulation only
// with a note, theory refuses them, and a sequential update is refused naming the field.

const configFile = configWriter('dlgen-nl-');
const leaky = {
  inputDim: 12,
  hiddenDims: [9],
  outputDim: 6,
  examples: 12,
  teacherSingularValues: [3],
  epochs: 100,
  reportEvery: 20,
  runs: 2,
  learningRate: 0.05,
  initScale: 0.01,
  activation: 'leakyRelu',
  leakySlope: 0.1,
};

describe('dlgen on nonlinear students', () => {
  it('simulate --json: the resolved config names the activation, the student is random and simultaneous, no mode strengths', async () => {
    const io = memoryIo();
    expect(await runCli(['simulate', '--config', configFile(leaky), '--json', '--workers', '1'], io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc.config).toMatchObject({
      activation: 'leakyRelu',
      leakySlope: 0.1,
      init: 'random',
      update: 'simultaneous',
    });
    expect(doc.runs[0].modeStrengths).toEqual([]);
    expect(doc.runs[0].testError[0]).toBeGreaterThan(0.99);
    expect(doc.runs[0].trainError[5]).toBeLessThan(doc.runs[0].trainError[0]);
  });

  it('theory refuses with exit 2 naming activation; simulate refuses a sequential update naming update', async () => {
    const io = memoryIo();
    expect(await runCli(['theory', '--config', configFile(leaky)], io)).toBe(2);
    expect(io.err()).toMatch(/activation: got "leakyRelu".*dlgen theory/);
    const io2 = memoryIo();
    expect(await runCli(['simulate', '--config', configFile({ ...leaky, update: 'sequential' })], io2)).toBe(2);
    expect(io2.err()).toMatch(/update: got "sequential"; allowed: "simultaneous"/);
  });

  it('compare shows the simulation only and says so', async () => {
    const io = memoryIo();
    expect(await runCli(['compare', '--config', configFile(leaky), '--json', '--workers', '1'], io)).toBe(0);
    expect(Object.keys(JSON.parse(io.out()))).toEqual(['config', 'epochs', 'note', 'simulation']);
    expect(io.err()).toMatch(/note: nonlinear student: simulation only/);
  });
});
