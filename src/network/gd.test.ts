import { describe, expect, it } from 'vitest';
import { fromRows, identity, toRows, type Mat } from '../linalg/mat.js';
import { svd } from '../linalg/svd.js';
import { createRng } from '../random/rng.js';
import { buildTask } from '../task/buildTask.js';
import { trainError } from '../task/errors.js';
import type { InputCorrelationKind, Task, TaskSpec } from '../task/task.js';
import { DivergenceError, stableLearningRate } from './divergence.js';
import { gdStepReference } from './gdStepReference.js';
import { initStudent } from './init.js';
import { endToEnd } from './product.js';
import type { Layers, StudentSpec } from './student.js';
import { trainStudent } from './train.js';
import { runGradientDescent } from './trainer.js';

/** A 2×2 task carrying only what GD reads: Σ31, Σ11 and its kind. */
function tinyTask(sigma31: Mat, sigma11: Mat, kind: InputCorrelationKind): Task {
  return {
    spec: { inputDim: 2, outputDim: 2, examples: 2, teacherSingularValues: [1], noiseStd: 0, inputs: 'orthogonal' },
    sigma31,
    sigma11,
    sigma11Kind: kind,
    sigma11Scale: 1,
    svd31: svd(sigma31),
  } as unknown as Task;
}

/** One epoch of the fast trainer (it records at epochs 0 and 1; we keep the final layers). */
function fastStep(task: Task, layers: Layers, update: 'sequential' | 'simultaneous', lr: number): number[][][] {
  const copy = layers.map((l) => ({ ...l, data: new Float64Array(l.data) }));
  runGradientDescent(task, copy, {
    update,
    training: { learningRate: lr, epochs: 1, reportEvery: 1 },
    observe: () => {},
  });
  return copy.map(toRows);
}

function closeRows(actual: number[][][], expected: number[][][], tol = 1e-15): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((m, l) =>
    m.forEach((row, i) => row.forEach((x, j) => expect(Math.abs(x - expected[l][i][j])).toBeLessThanOrEqual(tol))),
  );
}

describe('one GD step on a 2×2×2 network equals the hand-derived step (2.2)', () => {
  // W1 = [[1,0],[0,2]], W2 = [[1,1],[0,1]], Σ31 = [[3,1],[2,4]], λ = 0.1.
  // Σ11 = I:           W = W2W1 = [[1,2],[0,2]], E = Σ31 − W = [[2,−1],[2,2]],
  //   W1' = W1 + λW2ᵀE = [[1.2,−0.1],[0.4,2.1]];
  //   sequential   W2' = W2 + λE·W1'ᵀ = W2 + 0.1·[[2.5,−1.3],[2.2,5.0]] = [[1.25,0.87],[0.22,1.5]];
  //   simultaneous W2' = W2 + λE·W1ᵀ  = W2 + 0.1·[[2,−2],[2,4]]          = [[1.2,0.8],[0.2,1.4]].
  // Σ11 = diag(2,1):   WΣ11 = [[2,2],[0,2]], E = [[1,−1],[2,2]], W1' = [[1.1,−0.1],[0.3,2.1]];
  //   sequential   W2' = W2 + 0.1·[[1.2,−1.8],[2.0,4.8]] = [[1.12,0.82],[0.2,1.48]];
  //   simultaneous W2' = W2 + 0.1·[[1,−2],[2,4]]         = [[1.1,0.8],[0.2,1.4]].
  const w1 = fromRows([
    [1, 0],
    [0, 2],
  ]);
  const w2 = fromRows([
    [1, 1],
    [0, 1],
  ]);
  const s31 = fromRows([
    [3, 1],
    [2, 4],
  ]);
  const cases = [
    {
      name: 'Σ11 = I',
      s11: identity(2),
      kind: 'identity' as const,
      w1: [
        [1.2, -0.1],
        [0.4, 2.1],
      ],
      seq: [
        [1.25, 0.87],
        [0.22, 1.5],
      ],
      sim: [
        [1.2, 0.8],
        [0.2, 1.4],
      ],
    },
    {
      name: 'Σ11 = diag(2, 1)',
      s11: fromRows([
        [2, 0],
        [0, 1],
      ]),
      kind: 'general' as const,
      w1: [
        [1.1, -0.1],
        [0.3, 2.1],
      ],
      seq: [
        [1.12, 0.82],
        [0.2, 1.48],
      ],
      sim: [
        [1.1, 0.8],
        [0.2, 1.4],
      ],
    },
  ];
  for (const c of cases) {
    it(`${c.name}, sequential and simultaneous, reference and fast trainer`, () => {
      const task = tinyTask(s31, c.s11, c.kind);
      closeRows(gdStepReference([w1, w2], s31, c.s11, 0.1, 'sequential').map(toRows), [c.w1, c.seq]);
      closeRows(gdStepReference([w1, w2], s31, c.s11, 0.1, 'simultaneous').map(toRows), [c.w1, c.sim]);
      closeRows(fastStep(task, [w1, w2], 'sequential', 0.1), [c.w1, c.seq]);
      closeRows(fastStep(task, [w1, w2], 'simultaneous', 0.1), [c.w1, c.sim]);
    });
  }
});

function relDiff(a: Layers, b: Layers): number {
  let worst = 0;
  a.forEach((m, l) => {
    let scale = 0;
    let d = 0;
    for (let i = 0; i < m.data.length; i++) {
      scale = Math.max(scale, Math.abs(b[l].data[i]));
      d = Math.max(d, Math.abs(m.data[i] - b[l].data[i]));
    }
    worst = Math.max(worst, d / scale);
  });
  return worst;
}

describe('the fast trainer follows the reference epoch (2.2) to 1e-12 relative', () => {
  const specs: { name: string; task: TaskSpec; hidden: number[] }[] = [
    {
      name: 'P = N1 (Σ11 = I)',
      task: {
        inputDim: 9,
        outputDim: 6,
        examples: 9,
        teacherSingularValues: [3, 1],
        noiseStd: 1,
        inputs: 'orthogonal',
      },
      hidden: [5],
    },
    {
      name: 'P > N1 (Σ11 = D·I)',
      task: { inputDim: 6, outputDim: 4, examples: 15, teacherSingularValues: [2], noiseStd: 1, inputs: 'orthogonal' },
      hidden: [4, 3],
    },
    {
      name: 'P < N1 (projector)',
      task: {
        inputDim: 10,
        outputDim: 5,
        examples: 4,
        teacherSingularValues: [2],
        noiseStd: 0.5,
        inputs: 'orthogonal',
      },
      hidden: [7, 2, 6],
    },
    {
      name: 'Gaussian inputs',
      task: { inputDim: 7, outputDim: 7, examples: 12, teacherSingularValues: [2, 2], noiseStd: 1, inputs: 'gaussian' },
      hidden: [3],
    },
    {
      name: 'one weight matrix',
      task: { inputDim: 5, outputDim: 3, examples: 5, teacherSingularValues: [1], noiseStd: 1, inputs: 'onehot' },
      hidden: [],
    },
  ];
  for (const s of specs) {
    for (const update of ['sequential', 'simultaneous'] as const) {
      it(`${s.name}, ${update}, 40 epochs from a random init`, () => {
        const rng = createRng(`traj-${s.name}`);
        const task = buildTask(s.task, rng);
        const student: StudentSpec = { hiddenDims: s.hidden, init: 'random', initScale: 0.3, update };
        let ref = initStudent(task, student, rng.fork('init'));
        const fast = ref.map((l) => ({ ...l, data: new Float64Array(l.data) }));
        runGradientDescent(task, fast, {
          update: student.update,
          training: { learningRate: 0.05, epochs: 40, reportEvery: 40 },
          observe: () => {},
        });
        for (let t = 0; t < 40; t++) ref = gdStepReference(ref, task.sigma31, task.sigma11, 0.05, update);
        expect(relDiff(fast, ref)).toBeLessThan(1e-12);
      });
    }
  }
});

describe('training records', () => {
  const spec: TaskSpec = {
    inputDim: 20,
    outputDim: 10,
    examples: 20,
    teacherSingularValues: [4, 2],
    noiseStd: 1,
    inputs: 'orthogonal',
  };

  it('computes the train error from identities that agree with the direct ‖WX − Ŷ‖²/‖Ŷ‖² (1.7)', () => {
    for (const [examples, inputs] of [
      [20, 'orthogonal'],
      [50, 'orthogonal'],
      [8, 'orthogonal'],
      [30, 'gaussian'],
    ] as const) {
      const rng = createRng(`rec${examples}${inputs}`);
      const task = buildTask({ ...spec, examples, inputs }, rng);
      const direct: number[] = [];
      const r = trainStudent(
        task,
        { hiddenDims: [10], init: 'random', initScale: 0.01, update: 'sequential' },
        { learningRate: 0.02, epochs: 300, reportEvery: 50 },
        rng,
        {
          observe: (_t, _l, w) => direct.push(trainError(task, w)),
        },
      );
      r.trainError.forEach((x, i) => expect(Math.abs(x - direct[i])).toBeLessThan(1e-12));
    }
  });

  it('has a non-increasing train loss for a small learning rate, aligned and random init', () => {
    for (const init of ['aligned', 'random'] as const) {
      const rng = createRng(`mono-${init}`);
      const task = buildTask(spec, rng);
      const r = trainStudent(
        task,
        { hiddenDims: [10], init, initScale: 1e-4, update: 'sequential' },
        { learningRate: 0.005, epochs: 3000, reportEvery: 1 },
        rng,
      );
      for (let i = 1; i < r.trainError.length; i++)
        expect(r.trainError[i]).toBeLessThanOrEqual(r.trainError[i - 1] + 1e-14);
      expect(r.trainError.at(-1)!).toBeLessThan(0.5);
    }
  });

  it('starts random students of constant width with end-to-end singular values ε (§2)', () => {
    const rng = createRng('eps');
    const task = buildTask(spec, rng);
    for (const hiddenDims of [[10], [8, 8], [12, 12, 12]]) {
      const w = endToEnd(
        initStudent(
          task,
          { hiddenDims, init: 'random', initScale: 1e-3, update: 'sequential' },
          rng.fork(`i${hiddenDims.length}`),
        ),
      );
      const s = svd(w).s;
      const m = Math.min(...hiddenDims, 10);
      for (let k = 0; k < m; k++) expect(s[k] / 1e-3).toBeCloseTo(1, 10);
      for (let k = m; k < s.length; k++) expect(s[k]).toBeLessThan(1e-15);
    }
  });

  it('reports divergence with the learning rate and a stable bound instead of returning NaN', () => {
    const rng = createRng('div');
    const task = buildTask(spec, rng);
    let caught: unknown;
    try {
      trainStudent(
        task,
        { hiddenDims: [10], init: 'aligned', initScale: 1e-3, update: 'sequential' },
        { learningRate: 2, epochs: 5000, reportEvery: 100 },
        rng,
      );
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DivergenceError);
    const d = caught as DivergenceError;
    expect(d.message).toMatch(/learningRate 2/);
    expect(d.stableLearningRate).toBeGreaterThan(0);
    expect(d.stableLearningRate).toBeLessThan(2);
    // The bound is the one for this run's update order and initial scale, as the CLI's advice.
    expect(d.stableLearningRate).toBe(stableLearningRate(task, 2, { update: 'sequential', initScale: 1e-3 }));
    expect(d.epoch).toBeLessThan(5000);
  });
});
