import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/simulationConfig.js';
import { theoryReport } from './theoryReport.js';

const base = {
  inputDim: 40,
  examples: 40,
  outputDim: 20,
  hiddenDims: [20],
  teacherSingularValues: [4],
  epochs: 8000,
  reportEvery: 400,
};

describe('theory assumption warnings', () => {
  it('are empty when every assumption holds', () => {
    expect(theoryReport(resolveConfig(base)).warnings).toEqual([]);
  });

  it('name Gaussian inputs, random initialisation, an unstable learning rate and an optimum at the horizon', () => {
    const w = theoryReport(resolveConfig({ ...base, inputs: 'gaussian', init: 'random' })).warnings;
    expect(w.map((s) => s.split(':')[0])).toEqual(['inputs "gaussian"', 'init "random"']);
    const fast = theoryReport(resolveConfig({ ...base, learningRate: 0.3 })).warnings;
    expect(fast).toHaveLength(1);
    expect(fast[0]).toMatch(/^learningRate 0\.3 is at or above the stability bound 0\.2\d+ /);
    expect(theoryReport(resolveConfig({ ...base, learningRate: 0.2 })).warnings).toEqual([]);
    const short = theoryReport(resolveConfig({ ...base, epochs: 1000 })).warnings;
    expect(short).toHaveLength(1);
    expect(short[0]).toMatch(/optimal stopping epoch is the horizon \(epochs = 1000\)/);
  });
});
