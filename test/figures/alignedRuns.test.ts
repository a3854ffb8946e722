import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/simulationConfig.js';
import { simulateRun } from '../../src/network/simulate.js';
import {
  alignedDecoupledCells,
  alignedDecoupledRun,
  alignedRunJob,
  alignedSubspaceCells,
  alignedSubspaceRunJob,
  decouplingRefusal,
} from '../../src/figures/alignedRuns.js';

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

  it('runs every run of several cells in order and reports each', async () => {
    const cells = [small({ runs: 2 }), small({ runs: 1, teacherSingularValues: [2] })];
    const seen: number[] = [];
    const got = await alignedDecoupledCells(cells, { workers: 1, onRuns: (d) => seen.push(d) });
    expect(seen).toEqual([1, 2, 3]);
    expect(got[0].runs[1].testError).toEqual(alignedDecoupledRun(cells[0], 1).testError);
    expect(got[1].runs).toHaveLength(1);
    expect(got[1].runs[0].trainError).toEqual(alignedDecoupledRun(cells[1], 0).trainError);
    expect(got[0].epochs[1]).toBe(7);
  });

  it('is a worker job: one run, one unit of progress', () => {
    const c = small({});
    const units: number[] = [];
    expect(alignedRunJob({ config: c, run: 0 }, (u) => units.push(u))).toEqual(alignedDecoupledRun(c, 0));
    expect(units).toEqual([1]);
  });

  it('refuses configs that do not decouple, naming why', () => {
    expect(decouplingRefusal(small({}))).toBeUndefined();
    expect(() => alignedDecoupledRun(small({ init: 'random' }), 0)).toThrow(/init "random"/);
    expect(decouplingRefusal(small({ inputs: 'gaussian', examples: 20 }))).toMatch(/Gaussian/);
    expect(decouplingRefusal(small({ integrator: 'flow' }))).toMatch(/flow/);
  });

  it('runs Gaussian TA cells with P < N in the aligned subspace, equal to the engine', async () => {
    // P = 5 < N1, N3: rank Σ31 = P; the full engine runs the same student on all coordinates.
    const c = small({ inputs: 'gaussian', examples: 5, runs: 2 });
    const seen: number[] = [];
    const [cell] = await alignedSubspaceCells([c], { workers: 1, onRuns: (d) => seen.push(d) });
    expect(seen).toEqual([1, 2]);
    for (const run of [0, 1]) {
      const gd = simulateRun(c, run);
      for (const key of ['trainError', 'testError'] as const)
        cell.runs[run][key].forEach((x, i) =>
          expect(Math.abs(x - gd[key][i]) / Math.max(gd[key][i], 1), `run ${run} ${key}[${i}]`).toBeLessThan(1e-12),
        );
    }
    // The worker job itself: one run, one unit of progress, the cell's run.
    const units: number[] = [];
    expect(alignedSubspaceRunJob({ config: c, run: 1 }, (u) => units.push(u))).toEqual(cell.runs[1]);
    expect(units).toEqual([1]);
    // P = 12 = N1 > N3 = 8: rank Σ31 = 8 ≠ P, no exact reduction; the job says so.
    await expect(alignedSubspaceCells([small({ inputs: 'gaussian' })], { workers: 1 })).rejects.toThrow(
      /does not apply: rank Σ31 = 8 differs from P = 12/,
    );
  });
});
