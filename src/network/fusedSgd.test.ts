import { describe, expect, it } from 'vitest';
import type { Mat } from '../linalg/mat.js';
import { createRng, normals, type Rng } from '../random/rng.js';
import { runFused } from './fusedSgd.js';
import { cloneWeights, initialWeights, type HeadData, type ModelSpec, type ModelWeights } from './model.js';
import { modelLoss } from './reference.js';
import { shuffled, trainModel, type TrainModelOptions } from './trainModel.js';

const rng = createRng('fused-sgd-test');

function randMat(rows: number, cols: number, name: string): Mat {
  return { rows, cols, data: normals(rng.fork(name), rows * cols, 1) };
}

function oneHot(classes: number, p: number, name: string): Mat {
  const r = rng.fork(name);
  const m: Mat = { rows: classes, cols: p, data: new Float64Array(classes * p) };
  for (let j = 0; j < p; j++) m.data[Math.floor(r.uniform() * classes) * p + j] = 1;
  return m;
}

/** Largest entry-wise gap of two weight sets over the largest entry (relative, 1e-12 is the bar). */
function gap(a: ModelWeights, b: ModelWeights): number {
  let d = 0;
  let s = 0;
  const arrays = (w: ModelWeights) => [...w.layers.map((l) => l.data), ...(w.biases ?? [])];
  const bs = arrays(b);
  arrays(a).forEach((x, i) =>
    x.forEach((v, j) => {
      d = Math.max(d, Math.abs(v - bs[i][j]));
      s = Math.max(s, Math.abs(bs[i][j]));
    }),
  );
  return d / s;
}

/** The reference run and the fused run of the same model, data and options, with their records. */
function both(model: ModelSpec, data: HeadData[], options: Omit<TrainModelOptions, 'rng' | 'sink'>) {
  const run = (backend: 'reference' | 'fused') => {
    const losses: number[] = [];
    const epochs: number[] = [];
    const { weights } = trainModel(model, data, {
      ...options,
      backend,
      rng: createRng('fused-run'),
      sink: ({ epoch, weights: w }) => {
        epochs.push(epoch);
        losses.push(modelLoss(model, w, data, options.reduction));
      },
    });
    return { weights, losses, epochs };
  };
  return { reference: run('reference'), fused: run('fused') };
}

const classifier: ModelSpec = {
  inputDim: 12,
  hiddenDims: [9, 7],
  activations: [{ kind: 'relu' }, { kind: 'relu' }],
  heads: [
    { outputDim: 4, output: 'softmaxCrossEntropy' },
    { outputDim: 4, output: 'softmaxCrossEntropy' },
  ],
  biases: true,
  init: { kind: 'random', gain: 1 },
};
// Task B has twice task A's examples: two task-B batches follow each task-A batch.
const classifierData: HeadData[] = [
  { x: randMat(12, 37, 'xa'), y: oneHot(4, 37, 'ya') },
  { x: randMat(12, 74, 'xb'), y: oneHot(4, 74, 'yb') },
];

const mixed: ModelSpec = {
  inputDim: 6,
  hiddenDims: [5, 8, 3],
  activations: [{ kind: 'leakyRelu', slope: 0.2 }, { kind: 'linear' }, { kind: 'relu' }],
  heads: [{ outputDim: 3, output: 'softmaxCrossEntropy' }, { outputDim: 2 }],
  init: { kind: 'random', gain: 1 },
};
const mixedData: HeadData[] = [
  { x: randMat(6, 11, 'x0'), y: oneHot(3, 11, 'y0') },
  { x: randMat(6, 23, 'x1'), y: randMat(2, 23, 'y1') },
];

describe("trainModel backend 'fused' equals the reference", () => {
  it('alternating minibatch SGD of a two-head ReLU softmax classifier with biases (the authors’ protocol), mean losses', () => {
    const { reference, fused } = both(classifier, classifierData, {
      integrator: 'sgd',
      learningRate: 0.05,
      epochs: 12,
      reportEvery: 4,
      batchSize: 8,
      reduction: 'mean',
      headSchedule: 'alternating',
    });
    expect(gap(fused.weights, reference.weights)).toBeLessThan(1e-12);
    expect(fused.epochs).toEqual([0, 4, 8, 12]);
    expect(fused.epochs).toEqual(reference.epochs);
    fused.losses.forEach((l, i) => expect(Math.abs(l - reference.losses[i])).toBeLessThan(1e-12 * reference.losses[i]));
    // Training moved the weights far beyond the tolerance (the comparison is not vacuous).
    const start = initialWeights(classifier, createRng('fused-run').fork('init'));
    expect(gap(start, reference.weights)).toBeGreaterThan(1e-3);
  });

  it('joint SGD with heads of different sizes, linear and leaky-ReLU layers, a regression head, summed losses, a frozen layer', () => {
    const { reference, fused } = both({ ...mixed, frozen: [2] }, mixedData, {
      integrator: 'sgd',
      learningRate: 0.01,
      epochs: 9,
      reportEvery: 3,
      batchSize: 4,
    });
    expect(gap(fused.weights, reference.weights)).toBeLessThan(1e-12);
    fused.losses.forEach((l, i) => expect(Math.abs(l - reference.losses[i])).toBeLessThan(1e-12 * reference.losses[i]));
  });

  it('full-batch simultaneous GD on both heads (mean and sum)', () => {
    for (const reduction of ['mean', 'sum'] as const) {
      const { reference, fused } = both(classifier, classifierData, {
        integrator: 'gd',
        learningRate: reduction === 'mean' ? 0.1 : 0.005,
        epochs: 15,
        reportEvery: 5,
        reduction,
      });
      expect(gap(fused.weights, reference.weights)).toBeLessThan(1e-12);
    }
  });

  it('a model without hidden layers (softmax regression, no biases), SGD with a last partial batch', () => {
    const flat: ModelSpec = {
      inputDim: 7,
      hiddenDims: [],
      heads: [{ outputDim: 3, output: 'softmaxCrossEntropy' }],
      init: { kind: 'random', gain: 1 },
    };
    const { reference, fused } = both(flat, [{ x: randMat(7, 13, 'fx'), y: oneHot(3, 13, 'fy') }], {
      integrator: 'sgd',
      learningRate: 0.2,
      epochs: 6,
      reportEvery: 2,
      batchSize: 5,
      reduction: 'mean',
    });
    expect(gap(fused.weights, reference.weights)).toBeLessThan(1e-12);
  });

  it('the JavaScript twins give the same weights as the default kernels', () => {
    const options: TrainModelOptions = {
      integrator: 'sgd',
      learningRate: 0.05,
      epochs: 5,
      reportEvery: 5,
      batchSize: 8,
      reduction: 'mean',
      headSchedule: 'alternating',
    };
    const w0 = initialWeights(classifier, createRng('w0'));
    const batches = (n: number, size: number, r: Rng) => {
      const p = shuffled(n, r);
      const out: number[][] = [];
      for (let i = 0; i < n; i += size) out.push(p.slice(i, i + size));
      return out;
    };
    const run = (kernels?: 'js') =>
      runFused(classifier, classifierData, { ...options, rng: createRng('js') }, w0, {
        batches,
        record: () => {},
        kernels,
      });
    const js = run('js');
    expect(gap(js, run())).toBeLessThan(1e-12);
    expect(gap(js, cloneWeights(w0))).toBeGreaterThan(1e-3);
  });

  it('refuses the sequential order, naming the backend', () => {
    expect(() =>
      trainModel(
        { inputDim: 3, hiddenDims: [2], heads: [{ outputDim: 2 }], init: { kind: 'random', scale: 0.1 } },
        [{ x: randMat(3, 4, 'sx'), y: randMat(2, 4, 'sy') }],
        { integrator: 'gd', learningRate: 0.1, epochs: 1, reportEvery: 1, update: 'sequential', backend: 'fused', rng },
      ),
    ).toThrow(/backend: got 'fused' with update 'sequential'/);
  });
});
