import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/errors.js';
import { NumericalError } from '../config/errors.js';
import type { Mat } from '../linalg/mat.js';
import { createRng, normals } from '../random/rng.js';
import { buildTask } from '../task/buildTask.js';
import type { TaskSpec } from '../task/task.js';
import { gdStepReference } from './gdStepReference.js';
import { initStudent } from './init.js';
import { initialWeights, validateModel, type HeadData, type ModelSpec, type ModelWeights } from './model.js';
import { createModelRecorder } from './modelRecorder.js';
import type { Layers } from './student.js';
import { modelGradient, modelLoss, referenceStep } from './reference.js';
import { trainStudent } from './train.js';
import { trainModel, type RecordView } from './trainModel.js';

const rng = createRng('model-test');

function randMat(rows: number, cols: number, name: string, std = 1): Mat {
  return { rows, cols, data: normals(rng.fork(name), rows * cols, std) };
}

function oneHot(classes: number, p: number, name: string): Mat {
  const r = rng.fork(name);
  const m: Mat = { rows: classes, cols: p, data: new Float64Array(classes * p) };
  for (let j = 0; j < p; j++) m.data[Math.floor(r.uniform() * classes) * p + j] = 1;
  return m;
}

function relGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / s;
}

/** A two-head classifier/regressor with biases, leaky-ReLU and ReLU trunk. */
const mixed: ModelSpec = {
  inputDim: 5,
  hiddenDims: [6, 4],
  activations: [{ kind: 'leakyRelu', slope: 0.1 }, { kind: 'relu' }],
  heads: [{ outputDim: 3, output: 'softmaxCrossEntropy' }, { outputDim: 2 }],
  biases: true,
  init: { kind: 'random', gain: 1 },
};
const mixedData: HeadData[] = [
  { x: randMat(5, 9, 'x0'), y: oneHot(3, 9, 'y0') },
  { x: randMat(5, 7, 'x1'), y: randMat(2, 7, 'y1') },
];

describe('model description', () => {
  it('names every bad field with its allowed range', () => {
    const bad = {
      inputDim: 0,
      hiddenDims: [3, -1],
      activations: [{ kind: 'leakyRelu', slope: 2 }, { kind: 'tanh' }],
      heads: [{ outputDim: 1, output: 'softmaxCrossEntropy' }],
      frozen: [4],
      init: { kind: 'random', scale: 1, gain: 1 },
      extra: 1,
    } as unknown as ModelSpec;
    let err: unknown;
    try {
      validateModel(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const fields = (err as ConfigError).issues.map((i) => i.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'model.extra',
        'model.inputDim',
        'model.hiddenDims[1]',
        'model.activations[0].slope',
        'model.activations[1].kind',
        'model.heads[0].outputDim',
        'model.frozen[0]',
        'model.init',
      ]),
    );
    expect(() => validateModel({ ...mixed, init: { kind: 'aligned', scale: 1e-3 } })).toThrow(/init.kind/);
    expect(() => validateModel({ ...mixed, init: { kind: 'given', weights: [randMat(6, 5, 'g')] } })).toThrow(
      /init.weights.*4 matrices/s,
    );
  });

  it("draws random init exactly like today's random students, and aligned init from the data's Σ31", () => {
    const spec: TaskSpec = {
      inputDim: 8,
      outputDim: 6,
      examples: 8,
      teacherSingularValues: [3, 1],
      noiseStd: 0.5,
      inputs: 'orthogonal',
    };
    const task = buildTask(spec, rng.fork('task'));
    for (const init of ['random', 'aligned'] as const) {
      const student = { hiddenDims: [5, 7], init, initScale: 1e-2, update: 'sequential' as const };
      const today = initStudent(task, student, rng.fork('same'));
      const model: ModelSpec = {
        inputDim: 8,
        hiddenDims: [5, 7],
        heads: [{ outputDim: 6 }],
        init: init === 'random' ? { kind: 'random', scale: 1e-2 } : { kind: 'aligned', scale: 1e-2 },
      };
      const w = initialWeights(model, rng.fork('same'), [{ x: task.x, y: task.y }]);
      w.layers.forEach((l, i) =>
        expect(relGap(l.data, today[i].data)).toBeLessThan(init === 'random' ? 1e-300 : 1e-12),
      );
    }
  });
});

describe('reference gradient and step', () => {
  it('equals central finite differences of the loss for a nonlinear two-head model with biases (sum and mean)', () => {
    const w = initialWeights(mixed, rng.fork('init'));
    for (const reduction of ['sum', 'mean'] as const) {
      const g = modelGradient(mixed, w, mixedData, { reduction });
      const h = 1e-6;
      let worst = 0;
      let scale = 0;
      const probe = (arr: Float64Array, gi: Float64Array) => {
        for (let i = 0; i < arr.length; i += 3) {
          const v = arr[i];
          arr[i] = v + h;
          const up = modelLoss(mixed, w, mixedData, reduction);
          arr[i] = v - h;
          const down = modelLoss(mixed, w, mixedData, reduction);
          arr[i] = v;
          worst = Math.max(worst, Math.abs((up - down) / (2 * h) - gi[i]));
          scale = Math.max(scale, Math.abs(gi[i]));
        }
      };
      w.layers.forEach((l, k) => probe(l.data, g.layers[k].data));
      w.biases!.forEach((b, k) => probe(b, g.biases![k]));
      // Central differences: O(h²·f‴) ≈ 1e-12 plus rounding eps·L/h ≈ 1e-10 (kinks are a measure-zero risk at this seed).
      expect(worst / scale).toBeLessThan(1e-6);
    }
  });

  it('conserves 1ᵀW^{D_w} and Σb of a softmax head under GD (MULTITASK MT1), and keeps frozen layers bit for bit', () => {
    const model: ModelSpec = { ...mixed, heads: [mixed.heads[0]], frozen: [2] };
    const data = [mixedData[0]];
    let w: ModelWeights = initialWeights(model, rng.fork('init2'));
    const colSums = (m: Mat) =>
      Array.from({ length: m.cols }, (_, j) =>
        Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]).reduce((a, b) => a + b),
      );
    const before = colSums(w.layers[2]);
    const bsum = w.biases![2].reduce((a, b) => a + b);
    const frozen = new Float64Array(w.layers[1].data);
    const first = new Float64Array(w.layers[0].data);
    for (let t = 0; t < 200; t++) w = referenceStep(model, w, data, { learningRate: 0.05, reduction: 'mean' });
    const after = colSums(w.layers[2]);
    before.forEach((b, j) => expect(Math.abs(after[j] - b)).toBeLessThan(1e-12 * Math.max(1, Math.abs(b))));
    expect(Math.abs(w.biases![2].reduce((a, b) => a + b) - bsum)).toBeLessThan(1e-12);
    expect(w.layers[1].data).toEqual(frozen);
    expect(relGap(w.layers[0].data, first)).toBeGreaterThan(1e-3);
  });

  it('is gdStepReference for linear students, in both update orders', () => {
    const task = buildTask(
      { inputDim: 7, outputDim: 5, examples: 4, teacherSingularValues: [2], noiseStd: 0.3, inputs: 'gaussian' },
      rng.fork('lin'),
    );
    const model: ModelSpec = {
      inputDim: 7,
      hiddenDims: [6, 3],
      heads: [{ outputDim: 5 }],
      init: { kind: 'random', scale: 0.3 },
    };
    const data = [{ x: task.x, y: task.y }];
    for (const update of ['sequential', 'simultaneous'] as const) {
      let w = initialWeights(model, rng.fork('i'));
      let layers: Layers = w.layers.map((l) => ({ ...l, data: new Float64Array(l.data) }));
      for (let t = 0; t < 30; t++) {
        w = referenceStep(model, w, data, { learningRate: 0.05, update });
        layers = gdStepReference(layers, task.sigma31, task.sigma11, 0.05, update);
      }
      // Same update (2.2), different association of the products: rounding only.
      w.layers.forEach((l, i) => expect(relGap(l.data, layers[i].data)).toBeLessThan(1e-12));
    }
    expect(() =>
      referenceStep(mixed, initialWeights(mixed, rng), mixedData, { learningRate: 1, update: 'sequential' }),
    ).toThrow(/sequential/);
  });
});

describe('trainModel', () => {
  const task = buildTask(
    { inputDim: 10, outputDim: 6, examples: 10, teacherSingularValues: [3], noiseStd: 0.5, inputs: 'orthogonal' },
    rng.fork('t'),
  );
  const linear: ModelSpec = {
    inputDim: 10,
    hiddenDims: [8],
    heads: [{ outputDim: 6 }],
    init: { kind: 'random', scale: 0.1 },
  };
  const data = [{ x: task.x, y: task.y }];

  it('GD on a linear student records what trainStudent records (reference vs the fast path)', () => {
    const rec = createModelRecorder(linear, { train: data, task });
    const run = trainModel(linear, data, {
      integrator: 'gd',
      learningRate: 0.05,
      epochs: 60,
      reportEvery: 20,
      update: 'sequential',
      sink: rec.sink,
      rng: createRng(5),
    });
    const fast = trainStudent(
      task,
      { hiddenDims: [8], init: 'random', initScale: 0.1, update: 'sequential' },
      { learningRate: 0.05, epochs: 60, reportEvery: 20 },
      createRng(5),
    );
    const r = rec.result();
    expect(r.epochs).toEqual([0, 20, 40, 60]);
    expect(relGap(r.task!.testError, fast.testError)).toBeLessThan(1e-12);
    expect(relGap(r.task!.trainError, fast.trainError)).toBeLessThan(1e-12);
    run.weights.layers.forEach((l, i) => expect(relGap(l.data, fast.finalLayers[i].data)).toBeLessThan(1e-12));
    expect(r.trainLoss[0][3]).toBeLessThan(r.trainLoss[0][0]);
  });

  it('SGD: same seed, same bytes; one full batch per step is simultaneous GD', () => {
    const opts = {
      integrator: 'sgd' as const,
      learningRate: 0.05,
      epochs: 5,
      reportEvery: 1,
      batchSize: 3,
      rng: createRng(9),
    };
    const a = trainModel(mixed, mixedData, opts).weights;
    const b = trainModel(mixed, mixedData, { ...opts, rng: createRng(9) }).weights;
    expect(a).toEqual(b);
    const c = trainModel(mixed, mixedData, { ...opts, rng: createRng(10) }).weights;
    expect(relGap(c.layers[0].data, a.layers[0].data)).toBeGreaterThan(1e-6);
    const full = trainModel(linear, data, {
      integrator: 'sgd',
      learningRate: 0.05,
      epochs: 40,
      reportEvery: 40,
      batchSize: 10,
      rng: createRng(1),
    }).weights;
    const gd = trainModel(linear, data, {
      integrator: 'gd',
      learningRate: 0.05,
      epochs: 40,
      reportEvery: 40,
      rng: createRng(1),
    }).weights;
    // Shuffled columns only reorder the sums over examples.
    full.layers.forEach((l, i) => expect(relGap(l.data, gd.layers[i].data)).toBeLessThan(1e-12));
    const alt = trainModel(mixed, mixedData, { ...opts, headSchedule: 'alternating', rng: createRng(9) }).weights;
    expect(relGap(alt.layers[0].data, a.layers[0].data)).toBeGreaterThan(1e-9);
  });

  it('flow is the λ → 0 limit of GD for a smooth nonlinear model: softmax head with biases (gap O(λ))', () => {
    const model: ModelSpec = { ...mixed, heads: [mixed.heads[0]], activations: undefined };
    const data1 = [mixedData[0]];
    const start = initialWeights(model, rng.fork('f'));
    const T = 0.5;
    const flow = trainModel(
      model,
      data1,
      { integrator: 'flow', learningRate: 0.01, epochs: 50, reportEvery: 50, flowTolerance: 1e-11 },
      start,
    ).weights;
    const gaps = [0.01, 0.005].map((lr) => {
      const gd = trainModel(
        model,
        data1,
        { integrator: 'gd', learningRate: lr, epochs: Math.round(T / lr), reportEvery: Math.round(T / lr) },
        start,
      ).weights;
      return relGap(gd.layers[0].data, flow.layers[0].data);
    });
    expect(gaps[1]).toBeLessThan(0.6 * gaps[0]);
    expect(gaps[1]).toBeGreaterThan(0.4 * gaps[0]);
  });

  it('reports a diverging run as numerical trouble and refuses bad options by name', () => {
    expect(() =>
      trainModel(linear, data, { integrator: 'gd', learningRate: 50, epochs: 200, reportEvery: 10, rng: createRng(1) }),
    ).toThrow(NumericalError);
    expect(() =>
      trainModel(linear, data, { integrator: 'sgd', learningRate: 0.1, epochs: 1, reportEvery: 1, rng: createRng(1) }),
    ).toThrow(/batchSize/);
    expect(() =>
      trainModel(linear, data, {
        integrator: 'flow',
        learningRate: 0.1,
        epochs: 1,
        reportEvery: 1,
        update: 'sequential',
        rng: createRng(1),
      }),
    ).toThrow(/update/);
    expect(() =>
      trainModel(linear, [{ x: task.x, y: task.x }], {
        integrator: 'gd',
        learningRate: 0.1,
        epochs: 1,
        reportEvery: 1,
        rng: createRng(1),
      }),
    ).toThrow(/data\[0\]\.y/);
    expect(() => trainModel(linear, data, { integrator: 'gd', learningRate: 0.1, epochs: 1, reportEvery: 1 })).toThrow(
      /rng/,
    );
    const views: RecordView[] = [];
    trainModel({ ...linear, init: { kind: 'given', weights: initialWeights(linear, rng).layers } }, data, {
      integrator: 'gd',
      learningRate: 0.1,
      epochs: 2,
      reportEvery: 1,
      sink: (v) => views.push(v),
    });
    expect(views.map((v) => v.epoch)).toEqual([0, 1, 2]);
  });
});
