import { describe, expect, it } from 'vitest';
import { matmul } from '../linalg/gemm.js';
import { clone, type Mat } from '../linalg/mat.js';
import { createRng } from '../random/rng.js';
import { buildTask } from '../task/buildTask.js';
import type { Task, TaskSpec } from '../task/task.js';
import { DivergenceError } from './divergence.js';
import { gdStepReference } from './gdStepReference.js';
import { initStudent } from './init.js';
import { inputSubspace } from './inputSubspace.js';
import { endToEnd } from './product.js';
import { createRecorder } from './recordRun.js';
import type { Layers, RunRecord, StudentSpec, TrainingSpec } from './student.js';
import { trainStudent } from './train.js';

// Training in the input subspace S = rowspace(Σ31) + rowspace(W^1(0)) (inputSubspace.ts) is GD
// on the full problem mapped through Q. Over whole recorded trajectories it must agree to 1e-12
// relative with the reference epoch (gdStepReference) and with the full-coordinate trainer:
// train and test errors entry by entry, mode strengths, W, E and the layers as vectors (max
// difference over the largest entry: their rounding is relative to the matrix, not to each entry).

const TOL = 1e-12;

interface Trace {
  record: RunRecord;
  ws: Mat[];
  es: Mat[];
  layers: Layers[];
  final: Layers;
}

/** The reference: gdStepReference epoch by epoch, W, E = Σ31 − WΣ11 and the full recorder. */
function referenceTrace(task: Task, init: Layers, update: StudentSpec['update'], training: TrainingSpec): Trace {
  const rec = createRecorder(task);
  const trace: Trace = { record: rec.result(), ws: [], es: [], layers: [], final: [] };
  let layers = init.map(clone);
  for (let t = 0; t <= training.epochs; t++) {
    if (t % training.reportEvery === 0) {
      const w = endToEnd(layers);
      const ws = matmul(w, task.sigma11);
      const e = clone(task.sigma31);
      for (let i = 0; i < e.data.length; i++) e.data[i] -= ws.data[i];
      rec.add(t, w, e);
      trace.ws.push(w);
      trace.es.push(e);
      trace.layers.push(layers.map(clone));
    }
    if (t < training.epochs)
      layers = gdStepReference(layers, task.sigma31, task.sigma11, training.learningRate, update);
  }
  trace.record = rec.result();
  trace.final = layers;
  return trace;
}

/** trainStudent from `init`, with an observer that keeps W, E and the layers. */
function trainerTrace(
  task: Task,
  init: Layers,
  student: StudentSpec,
  training: TrainingSpec,
  inputReduction: 'auto' | 'off',
): Trace {
  const trace: Trace = {
    record: { trainError: [], testError: [], modeStrengths: [] },
    ws: [],
    es: [],
    layers: [],
    final: [],
  };
  const r = trainStudent(task, student, training, createRng(0), {
    initialLayers: init,
    inputReduction,
    observe: (_t, layers, w, e) => {
      trace.ws.push(clone(w));
      trace.es.push(clone(e));
      trace.layers.push(layers.map(clone));
    },
  });
  trace.record = { trainError: r.trainError, testError: r.testError, modeStrengths: r.modeStrengths };
  trace.final = r.finalLayers;
  return trace;
}

/** max|a − b| / max|b| over a whole vector or matrix. */
function relVec(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return s === 0 ? d : d / s;
}

/** Worst relative difference of two traces, and where. */
function compare(a: Trace, b: Trace): { worst: number; where: string } {
  let worst = 0;
  let where = '';
  const see = (x: number, what: string) => {
    if (!(x <= worst)) {
      worst = x;
      where = what;
    }
  };
  expect(a.record.trainError.length).toBe(b.record.trainError.length);
  b.record.trainError.forEach((x, i) => see(Math.abs(a.record.trainError[i] - x) / x, `train error #${i}`));
  b.record.testError.forEach((x, i) => see(Math.abs(a.record.testError[i] - x) / x, `test error #${i}`));
  b.record.trainError.forEach((_, i) => {
    const row = (r: RunRecord) => r.modeStrengths.map((m) => m[i]);
    see(relVec(row(a.record), row(b.record)), `mode strengths #${i}`);
  });
  b.ws.forEach((w, i) => see(relVec(a.ws[i].data, w.data), `W #${i}`));
  b.es.forEach((e, i) => see(relVec(a.es[i].data, e.data), `E #${i}`));
  b.layers.forEach((ls, i) => ls.forEach((l, k) => see(relVec(a.layers[i][k].data, l.data), `layer ${k + 1} #${i}`)));
  b.final.forEach((l, k) => see(relVec(a.final[k].data, l.data), `final layer ${k + 1}`));
  return { worst, where };
}

interface Case {
  name: string;
  spec: TaskSpec;
  hidden: number[];
  init: 'aligned' | 'random';
  /** r, the dimension of the input subspace; undefined when it is all of R^N1 (no reduction). */
  rank: number | undefined;
  lr: number;
  initScale: number;
}

const cases: Case[] = [
  {
    name: 'aligned, Σ11 = I, depth 2',
    spec: {
      inputDim: 24,
      outputDim: 10,
      examples: 24,
      teacherSingularValues: [4, 2],
      noiseStd: 1,
      inputs: 'orthogonal',
    },
    hidden: [8],
    init: 'aligned',
    rank: 10,
    lr: 0.01,
    initScale: 1e-3,
  },
  {
    name: 'aligned, Σ11 = D·I, depth 3',
    spec: { inputDim: 12, outputDim: 6, examples: 30, teacherSingularValues: [3], noiseStd: 1, inputs: 'orthogonal' },
    hidden: [7, 5],
    init: 'aligned',
    rank: 7,
    lr: 0.004,
    initScale: 1e-3,
  },
  {
    name: 'aligned, one-hot inputs, depth 4, N2 > N3',
    spec: { inputDim: 20, outputDim: 6, examples: 20, teacherSingularValues: [3, 1], noiseStd: 0.5, inputs: 'onehot' },
    hidden: [9, 9, 9],
    init: 'aligned',
    rank: 9,
    lr: 0.01,
    initScale: 1e-2,
  },
  {
    name: 'aligned, noiseless rank-2 Σ31 (null-space init rows), depth 2',
    spec: {
      inputDim: 16,
      outputDim: 8,
      examples: 16,
      teacherSingularValues: [3, 2],
      noiseStd: 0,
      inputs: 'orthogonal',
    },
    hidden: [6],
    init: 'aligned',
    rank: 6,
    lr: 0.01,
    initScale: 1e-2,
  },
  {
    name: 'random, Σ11 = I, depth 3',
    spec: { inputDim: 30, outputDim: 6, examples: 30, teacherSingularValues: [3], noiseStd: 1, inputs: 'orthogonal' },
    hidden: [5, 4],
    init: 'random',
    rank: 11,
    lr: 0.01,
    initScale: 0.1,
  },
  {
    name: 'random, Σ11 = D·I, depth 4',
    spec: { inputDim: 25, outputDim: 5, examples: 60, teacherSingularValues: [2], noiseStd: 1, inputs: 'orthogonal' },
    hidden: [6, 6, 6],
    init: 'random',
    rank: 11,
    lr: 0.003,
    initScale: 0.1,
  },
  {
    name: 'random, r = N1 (no reduction), depth 2',
    spec: { inputDim: 12, outputDim: 8, examples: 12, teacherSingularValues: [3], noiseStd: 1, inputs: 'orthogonal' },
    hidden: [6],
    init: 'random',
    rank: undefined,
    lr: 0.01,
    initScale: 0.1,
  },
  {
    name: 'aligned, N3 = N1 (no reduction), depth 2',
    spec: { inputDim: 10, outputDim: 10, examples: 10, teacherSingularValues: [3], noiseStd: 1, inputs: 'orthogonal' },
    hidden: [5],
    init: 'aligned',
    rank: undefined,
    lr: 0.01,
    initScale: 1e-3,
  },
];

describe('GD in the input subspace agrees with the reference epoch and the full trainer (1e-12 relative)', () => {
  const training = (lr: number): TrainingSpec => ({ learningRate: lr, epochs: 1500, reportEvery: 25 });
  for (const c of cases) {
    for (const update of ['sequential', 'simultaneous'] as const) {
      it(`${c.name}, ${update}`, () => {
        const rng = createRng(`reduced-${c.name}`);
        const task = buildTask(c.spec, rng);
        const student: StudentSpec = { hiddenDims: c.hidden, init: c.init, initScale: c.initScale, update };
        const init = initStudent(task, student, rng.fork('init'));
        expect(inputSubspace(task, init[0])?.rank).toBe(c.rank);
        const reduced = trainerTrace(task, init, student, training(c.lr), 'auto');
        const full = trainerTrace(task, init, student, training(c.lr), 'off');
        const ref = referenceTrace(task, init, update, training(c.lr));
        const vsRef = compare(reduced, ref);
        const vsFull = compare(reduced, full);
        expect(vsRef.worst, `vs gdStepReference, worst at ${vsRef.where}`).toBeLessThan(TOL);
        expect(vsFull.worst, `vs the full trainer, worst at ${vsFull.where}`).toBeLessThan(TOL);
        if (c.rank === undefined) expect(JSON.stringify(reduced)).toBe(JSON.stringify(full));
        // The run learned: the train error fell well below its start.
        expect(ref.record.trainError.at(-1)!).toBeLessThan(0.8 * ref.record.trainError[0]);
        // Records do not depend on whether an observer made the trainer rebuild full matrices.
        const plain = trainStudent(task, student, training(c.lr), createRng(0), { initialLayers: init });
        expect(JSON.stringify({ ...plain, finalLayers: undefined })).toBe(JSON.stringify(reduced.record));
      });
    }
  }
});

describe('the input subspace', () => {
  const spec: TaskSpec = {
    inputDim: 30,
    outputDim: 8,
    examples: 30,
    teacherSingularValues: [3, 1],
    noiseStd: 1,
    inputs: 'orthogonal',
  };

  it('has orthonormal columns, starts with v̂_k bit for bit, and reproduces Σ31 and W^1(0) to rounding', () => {
    for (const init of ['aligned', 'random'] as const) {
      const rng = createRng(`subspace-${init}`);
      const task = buildTask(spec, rng);
      const layers = initStudent(
        task,
        { hiddenDims: [7, 6], init, initScale: 1e-4, update: 'sequential' },
        rng.fork('init'),
      );
      const sub = inputSubspace(task, layers[0])!;
      expect(sub.rank).toBe(init === 'aligned' ? 8 : 15);
      expect(sub.dataRank).toBe(8);
      const qtq = matmul(sub.q, sub.q, { transA: true });
      for (let i = 0; i < sub.rank; i++)
        for (let j = 0; j < sub.rank; j++)
          expect(Math.abs(qtq.data[i * sub.rank + j] - (i === j ? 1 : 0))).toBeLessThan(1e-14);
      for (let i = 0; i < spec.inputDim; i++)
        for (let k = 0; k < sub.dataRank; k++)
          expect(sub.q.data[i * sub.rank + k]).toBe(task.svd31.v.data[i * task.svd31.v.cols + k]);
      for (const a of [task.sigma31, layers[0]]) {
        const back = matmul(matmul(a, sub.q), sub.q, { transB: true });
        expect(relVec(back.data, a.data)).toBeLessThan(1e-14);
      }
    }
  });

  it('is not used for Σ11 that is not c·I', () => {
    for (const [examples, inputs] of [
      [10, 'orthogonal'],
      [40, 'gaussian'],
    ] as const) {
      const rng = createRng(`subspace-${inputs}`);
      const task = buildTask({ ...spec, examples, inputs }, rng);
      const layers = initStudent(
        task,
        { hiddenDims: [6], init: 'aligned', initScale: 1e-4, update: 'sequential' },
        rng.fork('init'),
      );
      expect(inputSubspace(task, layers[0])).toBeUndefined();
    }
  });

  it('reports divergence at the same epoch as the full trainer', () => {
    const rng = createRng('reduced-div');
    const task = buildTask(
      { inputDim: 20, outputDim: 10, examples: 20, teacherSingularValues: [4, 2], noiseStd: 1, inputs: 'orthogonal' },
      rng,
    );
    const student: StudentSpec = { hiddenDims: [10], init: 'aligned', initScale: 1e-3, update: 'sequential' };
    const init = initStudent(task, student, rng.fork('init'));
    expect(inputSubspace(task, init[0])).toBeDefined();
    const epochOf = (inputReduction: 'auto' | 'off') => {
      try {
        trainStudent(task, student, { learningRate: 2, epochs: 5000, reportEvery: 100 }, rng, {
          initialLayers: init,
          inputReduction,
        });
      } catch (e) {
        expect(e).toBeInstanceOf(DivergenceError);
        return (e as DivergenceError).epoch;
      }
      return -1;
    };
    expect(epochOf('auto')).toBe(epochOf('off'));
    expect(epochOf('auto')).toBeGreaterThan(0);
  });
});
