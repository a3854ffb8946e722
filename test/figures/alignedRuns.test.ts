import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/simulationConfig.js';
import { simulateRun } from '../../src/network/simulate.js';
import { alignedDecoupled, alignedDecoupledRun, decouplingRefusal } from '../../src/figures/alignedRuns.js';

/** A small TA config; every case below differs from it in one or two fields. */
function small(over: Record<string, unknown>) {
  return resolveConfig({
    inputDim: 12,
    hiddenDims: [6],
    outputDim: 8,
    examples: 12,
    teacherSingularValues: [3, 1.5],
    noiseStd: 1,
    learningRate: 0.02,
    initScale: 1e-3,
    init: 'aligned',
    update: 'sequential',
    inputs: 'onehot',
    epochs: 300,
    reportEvery: 7,
    runs: 1,
    seed: 11,
    ...over,
  });
}

describe('single-task decoupled TA runs equal the engine', () => {
  // Each case: Σ11 = I (one-hot), D·I (P > N1 orthogonal), a projector (P < N1 orthogonal, with student
  // modes beyond the data rank that must stay frozen), depth 3, simultaneous updates, N2 > N3.
  it.each([
    ['one-hot, D_w = 2', {}],
    ['one-hot, D_w = 3, simultaneous', { hiddenDims: [6, 5], update: 'simultaneous' }],
    ['orthogonal P > N1 (Σ11 = D·I)', { inputs: 'orthogonal', examples: 30 }],
    [
      'orthogonal P < N1 (projector), null modes',
      { inputs: 'orthogonal', examples: 5, hiddenDims: [10], outputDim: 10 },
    ],
    ['one-hot, N2 > N3', { hiddenDims: [10] }],
  ])('%s', (_name, over) => {
    const c = small(over);
    const fast = alignedDecoupledRun(c, 0);
    const gd = simulateRun(c, 0);
    for (const key of ['trainError', 'testError'] as const) {
      expect(fast[key].length).toBe(gd[key].length);
      // Matrix GD and the recursion differ only by rounding (a few hundred epochs, errors O(1)).
      fast[key].forEach((x, i) => expect(Math.abs(x - gd[key][i]), `${key}[${i}]`).toBeLessThan(1e-11));
    }
  });

  it('runs every run of a cell in order and reports each', () => {
    const c = small({ runs: 2 });
    let calls = 0;
    const cell = alignedDecoupled(c, () => calls++);
    expect(calls).toBe(2);
    expect(cell.runs[1].testError).toEqual(alignedDecoupledRun(c, 1).testError);
    expect(cell.epochs[1]).toBe(7);
  });

  it('refuses configs that do not decouple, naming why', () => {
    expect(decouplingRefusal(small({}))).toBeUndefined();
    expect(() => alignedDecoupledRun(small({ init: 'random' }), 0)).toThrow(/init "random"/);
    expect(decouplingRefusal(small({ inputs: 'gaussian', examples: 20 }))).toMatch(/Gaussian/);
    expect(decouplingRefusal(small({ integrator: 'flow' }))).toMatch(/flow/);
  });
});
