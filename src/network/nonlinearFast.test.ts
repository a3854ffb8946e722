import { describe, expect, it } from 'vitest';
import { NumericalError } from '../config/errors.js';
import { resolveConfig } from '../config/simulationConfig.js';
import type { Mat } from '../linalg/mat.js';
import { createRng } from '../random/rng.js';
import { buildTask } from '../task/buildTask.js';
import { initialWeights, type ModelSpec } from './model.js';
import { fastNonlinearApplies, isIdentity, runNonlinearGradientDescent } from './nonlinearFast.js';
import { trainNonlinearStudent } from './nonlinearStudent.js';
import { headLosses } from './reference.js';
import { runRng, taskSpecOf } from './simulate.js';
import { trainModel } from './trainModel.js';

/** Largest |a − b| over the largest |b| (relative to the array's scale). */
function relGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

/** Largest pointwise |a − b| / |b| over two positive record arrays. */
function recordGap(a: readonly number[], b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]) / Math.abs(b[i])));
}

const base = {
  teacherSingularValues: [4, 2],
  noiseStd: 1,
  initScale: 1e-3,
  epochs: 300,
  reportEvery: 10,
  runs: 1,
  seed: 11,
};

// One-hot inputs (X = I: the input products skipped), Gaussian inputs with P ≠ N1 (ReLU, depth 3),
// orthogonal inputs at depth 4, and slope 1 (the linear student through the nonlinear path).
const cases = [
  { inputDim: 16, outputDim: 8, examples: 16, hiddenDims: [8], inputs: 'onehot', learningRate: 0.02 },
  {
    inputDim: 12,
    outputDim: 6,
    examples: 17,
    hiddenDims: [10, 7],
    inputs: 'gaussian',
    learningRate: 0.01,
    initScale: 0.1,
  },
  {
    inputDim: 12,
    outputDim: 6,
    examples: 12,
    hiddenDims: [9, 8, 7],
    inputs: 'orthogonal',
    learningRate: 0.02,
    initScale: 0.05,
  },
].flatMap((shape) => [
  { ...shape, activation: 'leakyRelu', leakySlope: 0.1 },
  { ...shape, activation: 'relu' },
  { ...shape, activation: 'leakyRelu', leakySlope: 1 },
]);

describe('the nonlinear fast path equals the reference GD (THEORY.md §9.6, simultaneous update)', () => {
  it('records and final weights within 1e-12 relative of trainModel’s reference GD; wasm and JavaScript twins byte-identical', () => {
    for (const raw of cases) {
      const c = resolveConfig({ ...base, ...raw });
      const task = buildTask(taskSpecOf(c), runRng(c.seed, 0));
      const ref = trainNonlinearStudent(c, task, runRng(c.seed, 0), undefined, { backend: 'reference' });
      const fast = trainNonlinearStudent(c, task, runRng(c.seed, 0));
      const js = trainNonlinearStudent(c, task, runRng(c.seed, 0), undefined, { backend: 'fast-js' });
      const where = JSON.stringify(raw);
      expect(recordGap(fast.record.trainError, ref.record.trainError), where).toBeLessThan(1e-12);
      expect(recordGap(fast.record.testError, ref.record.testError), where).toBeLessThan(1e-12);
      fast.final.forEach((m, l) => expect(relGap(m.data, ref.final[l].data), where).toBeLessThan(1e-12));
      fast.initial.forEach((m, l) => expect(Array.from(m.data)).toEqual(Array.from(ref.initial[l].data)));
      expect(js.record).toEqual(fast.record);
      js.final.forEach((m, l) => expect(Array.from(m.data)).toEqual(Array.from(fast.final[l].data)));
      // The runs move: the comparison is not of two flat lines.
      const t = ref.record.trainError;
      expect(t[t.length - 1], where).toBeLessThan(0.9 * t[0]);
    }
  });

  it('mixed activations per layer, separate test inputs, progress every epoch: outputs equal the reference forward pass', () => {
    const rng = createRng(5);
    const gauss = (rows: number, cols: number): Mat => {
      const data = new Float64Array(rows * cols);
      for (let i = 0; i < data.length; i++) data[i] = rng.normal();
      return { rows, cols, data };
    };
    const model: ModelSpec = {
      inputDim: 7,
      hiddenDims: [6, 5, 4],
      activations: [{ kind: 'leakyRelu', slope: 0.3 }, { kind: 'linear' }, { kind: 'relu' }],
      heads: [{ outputDim: 3 }],
      init: { kind: 'random', gain: 0.9 },
    };
    const data = { x: gauss(7, 9), y: gauss(3, 9) };
    const testX = gauss(7, 4);
    const start = initialWeights(model, createRng(6));
    const options = { integrator: 'gd' as const, learningRate: 0.01, epochs: 120, reportEvery: 30 };
    const refLoss: number[] = [];
    const refTest: number[] = [];
    const ref = trainModel(
      model,
      [data],
      {
        ...options,
        sink: ({ weights }) => {
          refLoss.push(headLosses(model, weights, [data])[0]);
          refTest.push(
            headLosses(model, weights, [{ x: testX, y: { rows: 3, cols: 4, data: new Float64Array(12) } }])[0],
          );
        },
      },
      start,
    );
    const loss: number[] = [];
    const test: number[] = [];
    const epochs: number[] = [];
    const steps: number[] = [];
    const fast = runNonlinearGradientDescent(model, data, start, {
      ...options,
      testInputs: testX,
      onEpoch: (t) => steps.push(t),
      sink: (v) => {
        epochs.push(v.epoch);
        loss.push(v.loss);
        let s = 0;
        for (const z of v.testOutputs!.data) s += 0.5 * z ** 2;
        test.push(s);
      },
    });
    expect(epochs).toEqual([0, 30, 60, 90, 120]);
    expect(steps).toEqual(Array.from({ length: 120 }, (_, t) => t));
    expect(recordGap(loss, refLoss)).toBeLessThan(1e-12);
    expect(recordGap(test, refTest)).toBeLessThan(1e-12);
    fast.layers.forEach((m, l) => expect(relGap(m.data, ref.weights.layers[l].data)).toBeLessThan(1e-12));
    expect(loss[loss.length - 1]).toBeLessThan(0.9 * loss[0]);
  });

  it('a pre-activation of exactly ±0 takes the slope, as the reference’s !(a > 0): a zero row of W¹ keeps the trajectories equal', () => {
    const model: ModelSpec = {
      inputDim: 4,
      hiddenDims: [3, 3],
      activations: [
        { kind: 'leakyRelu', slope: 0.25 },
        { kind: 'leakyRelu', slope: 0.5 },
      ],
      heads: [{ outputDim: 2 }],
      init: { kind: 'random', gain: 1 },
    };
    const w = initialWeights(model, createRng(8));
    w.layers[0].data.fill(0, 0, 4); // row 1 of W¹: a₁ = +0 on every example at the start
    w.layers[0].data[4] = -0;
    const data = {
      x: { rows: 4, cols: 5, data: new Float64Array(20).map((_, i) => Math.sin(i + 1)) },
      y: { rows: 2, cols: 5, data: new Float64Array(10).map((_, i) => Math.cos(i)) },
    };
    const options = { integrator: 'gd' as const, learningRate: 0.05, epochs: 40, reportEvery: 40 };
    const ref = trainModel(model, [data], options, w);
    const fast = runNonlinearGradientDescent(model, data, w, { ...options, sink: () => {} });
    fast.layers.forEach((m, l) => expect(Array.from(m.data)).toEqual(Array.from(ref.weights.layers[l].data)));
    // With the slope taken as 1 at a = 0, W¹'s zero row would move differently in the first step.
    expect(fast.layers[0].data[0]).not.toBe(0);
  });

  it('refuses models it does not cover, reports a divergence as NumericalError, and recognises X = I exactly', () => {
    const model: ModelSpec = {
      inputDim: 3,
      hiddenDims: [2],
      heads: [{ outputDim: 2 }],
      init: { kind: 'random', gain: 1 },
    };
    expect(fastNonlinearApplies(model)).toBe(true);
    expect(fastNonlinearApplies({ ...model, biases: true })).toBe(false);
    expect(fastNonlinearApplies({ ...model, frozen: [1] })).toBe(false);
    expect(fastNonlinearApplies({ ...model, heads: [{ outputDim: 2, output: 'softmaxCrossEntropy' }] })).toBe(false);
    const x = { rows: 3, cols: 3, data: new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]) };
    expect(isIdentity(x)).toBe(true);
    expect(isIdentity({ ...x, data: new Float64Array([1, 0, 0, 0, 1, 0, 0, 1e-300, 1]) })).toBe(false);
    expect(isIdentity({ rows: 3, cols: 2, data: new Float64Array(6) })).toBe(false);
    const y = { rows: 2, cols: 3, data: new Float64Array([1, 2, 3, 4, 5, 6]) };
    const start = initialWeights(model, createRng(1));
    const sink = () => {};
    expect(() =>
      runNonlinearGradientDescent({ ...model, biases: true }, { x, y }, start, {
        learningRate: 1,
        epochs: 1,
        reportEvery: 1,
        sink,
      }),
    ).toThrow(/single-head/);
    expect(() =>
      runNonlinearGradientDescent(model, { x, y }, start, { learningRate: 50, epochs: 400, reportEvery: 1, sink }),
    ).toThrow(NumericalError);
  });
});
