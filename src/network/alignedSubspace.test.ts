import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/simulationConfig.js';
import { buildTask } from '../task/buildTask.js';
import { alignedSubspace, trainAlignedSubspace } from './alignedSubspace.js';
import { initStudent } from './init.js';
import { runRng, simulateRun, studentSpecOf, taskSpecOf, trainingSpecOf } from './simulate.js';

/** A small TA config with Gaussian inputs and P < N1, N3; every case changes one or two fields. */
function small(over: Record<string, unknown>) {
  return resolveConfig({
    inputDim: 14,
    hiddenDims: [11],
    outputDim: 12,
    examples: 6,
    teacherSingularValues: [3],
    noiseStd: 1,
    learningRate: 0.02,
    initScale: 1e-5,
    init: 'aligned',
    update: 'sequential',
    inputs: 'gaussian',
    epochs: 3000,
    reportEvery: 10,
    runs: 1,
    seed: 21,
    ...over,
  });
}

function reduced(c: ReturnType<typeof small>, run = 0) {
  const rng = runRng(c.seed, run);
  const task = buildTask(taskSpecOf(c), rng);
  return trainAlignedSubspace(task, studentSpecOf(c), trainingSpecOf(c), rng);
}

describe('TA students in their aligned subspace (rank Σ31 = P) equal the full engine', () => {
  // The whole run: the signal mode and every noise mode of the data are learned (λ·ŝ·epochs ≫ ln(ŝ/ε)),
  // so the test error falls and rises again; the full path keeps all N1, N2, N3 coordinates.
  it.each([
    ['Gaussian, D_w = 2, sequential', {}],
    ['Gaussian, D_w = 2, simultaneous', { update: 'simultaneous' }],
    ['Gaussian, D_w = 3, rank-2 teacher', { hiddenDims: [9, 8], teacherSingularValues: [4, 2], learningRate: 0.01 }],
    ['orthogonal inputs (Σ11 a projector)', { inputs: 'orthogonal' }],
  ])('%s', (_name, over) => {
    const c = small(over);
    const fast = reduced(c);
    if (typeof fast === 'string') throw new Error(fast);
    const gd = simulateRun(c, 0);
    for (const key of ['trainError', 'testError'] as const) {
      expect(fast[key].length).toBe(gd[key].length);
      // Same trajectory to rounding: gaps of a few ulps, relative where the error is O(1) and against its
      // normaliser (ε = 1 at W = 0) where it interpolates to ~0 (both paths then read (1.7) from
      // ⟨WΣ11, W⟩ − 2⟨Σ31, W⟩ + ‖Ŷ‖², whose cancellation leaves ~1e-15 absolute).
      fast[key].forEach((x, i) =>
        expect(Math.abs(x - gd[key][i]) / Math.max(gd[key][i], 1), `${key}[${i}]`).toBeLessThan(1e-12),
      );
    }
    // The run really moved: the test error dips below its start and rises back (noise modes learned).
    const min = Math.min(...fast.testError);
    expect(min).toBeLessThan(0.9);
    expect(fast.testError.at(-1)!).toBeGreaterThan(1.02 * min);
  });

  it('refuses what is not exact or gains nothing, naming why', () => {
    // P > N3: rank Σ31 = N3 < P, span(X) is larger than rowspace(Σ31).
    expect(reduced(small({ examples: 13 }))).toMatch(/rank Σ31 = 12 differs from P = 13/);
    // A hidden layer narrower than P cannot carry all data modes.
    expect(reduced(small({ hiddenDims: [5] }))).toMatch(/hidden width is below P/);
    // Random init is not aligned.
    expect(reduced(small({ init: 'random' }))).toMatch(/needs "aligned"/);
    // P = N1 = N2 = N3: nothing to reduce.
    expect(reduced(small({ inputDim: 6, hiddenDims: [6], outputDim: 6, examples: 6, inputs: 'orthogonal' }))).toMatch(
      /every width already equals P/,
    );
    // Layers that are not a TA initialisation (random ones) are refused by the structure check.
    const c = small({});
    const rng = runRng(c.seed, 0);
    const task = buildTask(taskSpecOf(c), rng);
    const layers = initStudent(task, { ...studentSpecOf(c), init: 'random' }, rng.fork('init'));
    expect(alignedSubspace(task, layers)).toMatch(/not block-aligned/);
  });
});
