import { describe, expect, it } from 'vitest';
import type { Mat } from '../linalg/mat.js';
import { createRng, normals } from '../random/rng.js';
import { initialWeights, type HeadData, type ModelSpec, type ModelWeights } from './model.js';
import { referenceStep } from './reference.js';
import { sequentialStep } from './sequentialStep.js';
import { trainModel } from './trainModel.js';

const rng = createRng('sequential-step-test');

function randMat(rows: number, cols: number, name: string, std = 1): Mat {
  return { rows, cols, data: normals(rng.fork(name), rows * cols, std) };
}

function oneHot(classes: number, p: number, name: string): Mat {
  const r = rng.fork(name);
  const m: Mat = { rows: classes, cols: p, data: new Float64Array(classes * p) };
  for (let j = 0; j < p; j++) m.data[Math.floor(r.uniform() * classes) * p + j] = 1;
  return m;
}

/** max |a − b| / max |b| over every matrix and bias. */
function relGap(a: ModelWeights, b: ModelWeights): number {
  let d = 0;
  let s = 0;
  const pairs: [ArrayLike<number>, ArrayLike<number>][] = [
    ...a.layers.map((l, i): [ArrayLike<number>, ArrayLike<number>] => [l.data, b.layers[i].data]),
    ...(a.biases ?? []).map((v, i): [ArrayLike<number>, ArrayLike<number>] => [v, b.biases![i]]),
  ];
  for (const [x, y] of pairs)
    for (let i = 0; i < x.length; i++) {
      d = Math.max(d, Math.abs(x[i] - y[i]));
      s = Math.max(s, Math.abs(y[i]));
    }
  return d / s;
}

/**
 * An independent reference written example by example on nested arrays: the backward errors of
 * every example at the old weights, then the layers updated input side first, each example's
 * activations recomputed through the already updated lower layers (and biases).
 */
function handWrittenSequential(
  model: ModelSpec,
  w: ModelWeights,
  data: readonly HeadData[],
  lr: number,
  mean: boolean,
): ModelWeights {
  const depth = model.hiddenDims.length;
  const W = w.layers.map((m) =>
    Array.from({ length: m.rows }, (_, i) => Array.from(m.data.slice(i * m.cols, (i + 1) * m.cols))),
  );
  const B = w.biases?.map((b) => Array.from(b));
  const slope = (l: number) => {
    const a = model.activations?.[l] ?? { kind: 'linear' as const };
    return a.kind === 'linear' ? 1 : a.kind === 'relu' ? 0 : a.slope;
  };
  const layer = (m: number[][], b: number[] | undefined, h: number[]) =>
    m.map((row, i) => row.reduce((s, v, j) => s + v * h[j], 0) + (b ? b[i] : 0));
  const col = (m: Mat, mu: number) => Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + mu]);
  // Backward errors per head and example at the old weights: errs[k][mu][l] (l = depth is the head).
  const errs = data.map((d, k) =>
    Array.from({ length: d.x.cols }, (_, mu) => {
      const pre: number[][] = [];
      let h = col(d.x, mu);
      for (let l = 0; l < depth; l++) {
        const a = layer(W[l], B?.[l], h);
        pre.push(a);
        h = a.map((v) => (v > 0 ? v : slope(l) * v));
      }
      const z = layer(W[depth + k], B?.[depth + k], h);
      const y = col(d.y, mu);
      let p = z;
      if (model.heads[k].output === 'softmaxCrossEntropy') {
        const top = Math.max(...z);
        const e = z.map((v) => Math.exp(v - top));
        const total = e.reduce((s, v) => s + v, 0);
        p = e.map((v) => v / total);
      }
      const scale = mean ? 1 / d.x.cols : 1;
      const out: number[][] = new Array(depth + 1);
      out[depth] = p.map((v, i) => scale * (v - y[i]));
      let upper = W[depth + k];
      for (let l = depth - 1; l >= 0; l--) {
        const above = out[l + 1];
        out[l] = pre[l].map((a, j) => {
          let s = 0;
          for (let i = 0; i < above.length; i++) s += upper[i][j] * above[i];
          return a > 0 ? s : slope(l) * s;
        });
        upper = W[l];
      }
      return out;
    }),
  );
  let h = data.map((d) => Array.from({ length: d.x.cols }, (_, mu) => col(d.x, mu)));
  const update = (target: number, k: number, l: number) => {
    for (let mu = 0; mu < h[k].length; mu++) {
      const delta = errs[k][mu][l];
      for (let i = 0; i < delta.length; i++) {
        for (let j = 0; j < h[k][mu].length; j++) W[target][i][j] -= lr * delta[i] * h[k][mu][j];
        if (B) B[target][i] -= lr * delta[i];
      }
    }
  };
  for (let l = 0; l < depth; l++) {
    data.forEach((_, k) => update(l, k, l));
    h = h.map((examples) => examples.map((x) => layer(W[l], B?.[l], x).map((v) => (v > 0 ? v : slope(l) * v))));
  }
  data.forEach((_, k) => update(depth + k, k, depth));
  return {
    layers: W.map((m) => ({ rows: m.length, cols: m[0].length, data: Float64Array.from(m.flat()) })),
    biases: B?.map((b) => Float64Array.from(b)),
  };
}

/** The multitask student's shape: a ReLU trunk of two layers, two softmax heads, biases, separate inputs per head. */
const twoHeads: ModelSpec = {
  inputDim: 5,
  hiddenDims: [6, 4],
  activations: [{ kind: 'relu' }, { kind: 'leakyRelu', slope: 0.2 }],
  heads: [
    { outputDim: 3, output: 'softmaxCrossEntropy' },
    { outputDim: 3, output: 'softmaxCrossEntropy' },
  ],
  biases: true,
  init: { kind: 'random', gain: 1 },
};
const twoHeadData: HeadData[] = [
  { x: randMat(5, 9, 'x0'), y: oneHot(3, 9, 'y0') },
  { x: randMat(5, 7, 'x1'), y: oneHot(3, 7, 'y1') },
];

describe('sequential GD step for any model', () => {
  it('equals an independent example-by-example computation (two softmax heads, biases, ReLU/leaky trunk) to 1e-12', () => {
    for (const [k, mean] of [true, false].entries()) {
      const w = initialWeights(twoHeads, rng.fork(`init${k}`), twoHeadData);
      const lr = mean ? 0.5 : 0.1;
      const ours = sequentialStep(twoHeads, w, twoHeadData, { learningRate: lr, reduction: mean ? 'mean' : 'sum' });
      const ref = handWrittenSequential(twoHeads, w, twoHeadData, lr, mean);
      expect(relGap(ours, ref)).toBeLessThan(1e-12);
      // The order matters: the simultaneous step differs by far more than rounding.
      const simultaneous = referenceStep(twoHeads, w, twoHeadData, {
        learningRate: lr,
        reduction: mean ? 'mean' : 'sum',
      });
      expect(relGap(ours, simultaneous)).toBeGreaterThan(1e-6);
    }
  });

  it("is (2.2) in the authors' order for linear single-head students: equal to the sequential referenceStep", () => {
    const linear: ModelSpec = {
      inputDim: 4,
      hiddenDims: [5, 3],
      heads: [{ outputDim: 2 }],
      init: { kind: 'random', scale: 0.5 },
    };
    const data: HeadData[] = [{ x: randMat(4, 6, 'lx'), y: randMat(2, 6, 'ly') }];
    const w = initialWeights(linear, rng.fork('linit'), data);
    for (const reduction of ['sum', 'mean'] as const) {
      const a = sequentialStep(linear, w, data, { learningRate: 0.05, reduction });
      const b = referenceStep(linear, w, data, { learningRate: 0.05, update: 'sequential', reduction });
      expect(relGap(a, b)).toBeLessThan(1e-12);
    }
  });

  it('keeps frozen matrices and their biases bit for bit; without a trunk it is the simultaneous step', () => {
    const w = initialWeights(twoHeads, rng.fork('frozen'), twoHeadData);
    const next = sequentialStep({ ...twoHeads, frozen: [2, 4] }, w, twoHeadData, { learningRate: 0.3 });
    expect(next.layers[1].data).toEqual(w.layers[1].data);
    expect(next.biases![1]).toEqual(w.biases![1]);
    expect(next.layers[3].data).toEqual(w.layers[3].data);
    expect(next.biases![3]).toEqual(w.biases![3]);
    expect(relGap(next, w)).toBeGreaterThan(1e-6);
    const headsOnly: ModelSpec = { ...twoHeads, hiddenDims: [], activations: [] };
    const w0 = initialWeights(headsOnly, rng.fork('heads'), twoHeadData);
    expect(
      relGap(
        sequentialStep(headsOnly, w0, twoHeadData, { learningRate: 0.3 }),
        referenceStep(headsOnly, w0, twoHeadData, { learningRate: 0.3 }),
      ),
    ).toBeLessThan(1e-14);
  });

  it("trainModel's GD with update 'sequential' runs these steps for a two-head classifier", () => {
    const w0 = initialWeights(twoHeads, rng.fork('train'), twoHeadData);
    const options = { learningRate: 0.2, reduction: 'mean' as const };
    let w = w0;
    for (let t = 0; t < 5; t++) w = sequentialStep(twoHeads, w, twoHeadData, options);
    const trained = trainModel(
      twoHeads,
      twoHeadData,
      { integrator: 'gd', update: 'sequential', epochs: 5, reportEvery: 5, ...options },
      w0,
    ).weights;
    expect(relGap(trained, w)).toBe(0);
  });
});
