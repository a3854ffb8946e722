import type { Mat } from '../linalg/mat.js';
import type { Rng } from '../random/rng.js';
import { activationOf, cloneWeights, type HeadData, type ModelSpec, type ModelWeights } from './model.js';
import { axpyJs, createWorkspace, gemmBcJs, gemmDotJs, type Workspace } from '../kernels/index.js';
import { runSchedule } from './schedule.js';
import type { TrainModelOptions } from './trainModel.js';

/**
 * The fused backend of `trainModel` (`backend: 'fused'`): the same minibatch SGD and full-batch GD
 * as the reference (`referenceStep` over `modelGradient`), for any model of model.ts, with the
 * forward and backward passes written as fused Float64Array loops over preallocated buffers.
 * Examples are stored row by row (example-major), so every inner loop runs over contiguous memory,
 * and no step allocates. Batches, schedules, reductions, frozen layers and records are those of the
 * reference; only the order of floating-point additions differs (held to 1e-12 by fusedSgd.test.ts).
 */

/** What the fused loops borrow from the engine, so that batches and records are the reference's own. */
export interface FusedContext {
  /** Consecutive batches of a fresh seeded shuffle of 0 … n−1 (the reference SGD's). */
  readonly batches: (n: number, size: number, rng: Rng) => number[][];
  /** Checks the loss is finite and hands the record view to the sink (the reference's). */
  readonly record: (w: ModelWeights, epoch: number) => void;
  /** 'js': the kernels' bit-identical JavaScript twins even where WebAssembly is available (default: the thread's kernels). */
  readonly kernels?: 'js';
}

/** Per-head data in the workspace, example-major: x (P×N1) and y (P×C) rows. */
interface Rows {
  readonly count: number;
  readonly x: number;
  readonly y: number;
}

/** Copies a feature-major matrix (rows × P) into the workspace transposed (P × rows), at element offset `off`. */
function storeExampleRows(heap: Float64Array, off: number, m: Mat): void {
  const p = m.cols;
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < p; j++) heap[off + j * m.rows + i] = m.data[i * p + j];
}

/** Negative-side slope of an activation: 1 (linear), 0 (ReLU) or the leaky slope. */
function slopeOf(model: ModelSpec, l: number): number {
  const a = activationOf(model, l);
  return a.kind === 'linear' ? 1 : a.kind === 'relu' ? 0 : a.slope;
}

/**
 * The products of a fused run on one workspace, by the engine's kernels (WebAssembly SIMD, or the
 * JavaScript twins without it); offsets in elements of `heap`.
 */
function products(space: Workspace) {
  const { heap, kernels: k } = space;
  return {
    /** C(i,j) ← α Σ_p A(i,p) B(j,p) + βC(i,j): rows of A dotted with rows of B. */
    dot(c: number, a: number, b: number, m: number, kk: number, n: number, alpha: number, beta: number): void {
      if (k) k.gemm_dot(8 * c, 8 * a, 8 * b, m, kk, n, 8 * kk, 8 * kk, 8 * n, alpha, beta);
      else gemmDotJs(heap, c, heap, a, heap, b, m, kk, n, kk, kk, n, alpha, beta);
    },
    /** C(i,j) ← α Σ_p A(i,p) B(p,j) + βC(i,j), A(i,p) = a[i·ar + p·ap], B row-major n wide. */
    bc(c: number, a: number, b: number, m: number, kk: number, n: number, ar: number, ap: number, beta: number): void {
      if (k) k.gemm_bc(8 * c, 8 * a, 8 * b, m, kk, n, 8 * ar, 8 * ap, 8 * n, 8 * n, 1, beta);
      else gemmBcJs(heap, c, heap, a, heap, b, m, kk, n, ar, ap, n, n, 1, beta);
    },
    /** y ← y + α·x over `count` elements. */
    axpy(y: number, x: number, count: number, alpha: number): void {
      if (k) k.axpy(8 * y, 8 * x, count, alpha);
      else axpyJs(heap, y, heap, x, count, alpha);
    },
  };
}

/**
 * The state of a fused run in one workspace: weights (updated in place), gradients, the heads'
 * example rows and per-batch buffers, all at fixed element offsets; nothing is allocated per step.
 */
function layout(model: ModelSpec, w0: ModelWeights, data: readonly HeadData[], maxBatch: number, js: boolean) {
  const depth = model.hiddenDims.length;
  const widths = [model.inputDim, ...model.hiddenDims];
  const top = widths[depth];
  const maxWidth = Math.max(...widths, ...model.heads.map((h) => h.outputDim));
  const slopes = model.hiddenDims.map((_, l) => slopeOf(model, l));
  const shapes: [number, number][] = [];
  const add = (rows: number, cols: number): number => shapes.push([rows, cols]) - 1;
  const weights = w0.layers.map((l) => add(l.rows, l.cols));
  const biases = w0.biases?.map((b) => add(1, b.length));
  const grads = w0.layers.map((l) => add(l.rows, l.cols));
  const biasGrads = w0.biases?.map((b) => add(1, b.length));
  const x = data.map((d) => add(d.x.cols, d.x.rows));
  const y = data.map((d) => add(d.y.cols, d.y.rows));
  const input = add(maxBatch, model.inputDim);
  const pre = model.hiddenDims.map((n) => add(maxBatch, n));
  const act = model.hiddenDims.map((n, l) => (slopes[l] === 1 ? pre[l] : add(maxBatch, n)));
  const logits = add(maxBatch, maxWidth);
  const deltaA = add(maxBatch, maxWidth);
  const deltaB = add(maxBatch, maxWidth);
  const space = createWorkspace(shapes, js);
  const off = (i: number) => (space.mats[i].data.byteOffset - space.heap.byteOffset) / 8;
  const heap = space.heap;
  w0.layers.forEach((l, i) => space.mats[weights[i]].data.set(l.data));
  w0.biases?.forEach((b, i) => space.mats[biases![i]].data.set(b));
  data.forEach((d, k) => {
    storeExampleRows(heap, off(x[k]), d.x);
    storeExampleRows(heap, off(y[k]), d.y);
  });
  return {
    space,
    heap,
    depth,
    widths,
    top,
    slopes,
    frozen: new Set(model.frozen ?? []),
    /** The weights as the sink sees them: views on the workspace. */
    view: {
      layers: w0.layers.map((l, i) => ({ rows: l.rows, cols: l.cols, data: space.mats[weights[i]].data })),
      biases: biases?.map((i) => space.mats[i].data),
    } as ModelWeights,
    weight: weights.map(off),
    bias: biases?.map(off),
    grad: grads.map(off),
    biasGrad: biasGrads?.map(off),
    rows: data.map((d, k): Rows => ({ count: d.x.cols, x: off(x[k]), y: off(y[k]) })),
    input: off(input),
    pre: pre.map(off),
    act: act.map(off),
    logits: off(logits),
    deltaA: off(deltaA),
    deltaB: off(deltaB),
    kernels: products(space),
  };
}

type Layout = ReturnType<typeof layout>;

/** Adds the bias and applies the activation's negative-side slope to a B×n block in place. */
function biasAndActivate(
  heap: Float64Array,
  at: number,
  to: number,
  batch: number,
  n: number,
  bias: number,
  slope: number,
): void {
  for (let b = 0; b < batch; b++) {
    const r = at + b * n;
    const o = to + b * n;
    for (let i = 0; i < n; i++) {
      const v = bias >= 0 ? heap[r + i] + heap[bias + i] : heap[r + i];
      heap[r + i] = v;
      // v for v > 0, slope·v otherwise, without a data-dependent branch (ReLU signs are unpredictable).
      const up = +(v > 0);
      heap[o + i] = v * (up + slope * (1 - up));
    }
  }
}

/** gb[i] += Σ_b d[b][i] (bias gradient: column sums of a B×n block). */
function addColumnSums(heap: Float64Array, gb: number, d: number, batch: number, n: number): void {
  for (let b = 0; b < batch; b++) {
    const r = d + b * n;
    for (let i = 0; i < n; i++) heap[gb + i] += heap[r + i];
  }
}

/**
 * Adds head k's gradient on the batch `idx` of its rows to the gradient buffers (the reference's
 * modelGradient for one head): forward through the trunk, δz = weight·(softmax(z) − y) or
 * weight·(z − y), then back down the trunk.
 */
function addHeadGradient(model: ModelSpec, s: Layout, k: number, idx: readonly number[], weight: number): void {
  const { heap, depth, widths, top, kernels } = s;
  const rows = s.rows[k];
  const batch = idx.length;
  const d = model.inputDim;
  for (let b = 0; b < batch; b++) heap.copyWithin(s.input + b * d, rows.x + idx[b] * d, rows.x + idx[b] * d + d);
  const hidden = (l: number): number => (l < 0 ? s.input : s.act[l]);
  for (let l = 0; l < depth; l++) {
    const n = widths[l + 1];
    kernels.dot(s.pre[l], hidden(l - 1), s.weight[l], batch, widths[l], n, 1, 0);
    biasAndActivate(heap, s.pre[l], s.act[l], batch, n, s.bias ? s.bias[l] : -1, s.slopes[l]);
  }
  const layer = depth + k;
  const classes = model.heads[k].outputDim;
  const z = s.logits;
  kernels.dot(z, hidden(depth - 1), s.weight[layer], batch, top, classes, 1, 0);
  biasAndActivate(heap, z, z, batch, classes, s.bias ? s.bias[layer] : -1, 1);
  const dz = s.deltaA;
  const softmax = (model.heads[k].output ?? 'linear') === 'softmaxCrossEntropy';
  for (let b = 0; b < batch; b++) {
    const o = z + b * classes;
    const t = dz + b * classes;
    const y = rows.y + idx[b] * classes;
    if (softmax) {
      let m = -Infinity;
      for (let c = 0; c < classes; c++) m = Math.max(m, heap[o + c]);
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        const e = Math.exp(heap[o + c] - m);
        heap[t + c] = e;
        sum += e;
      }
      for (let c = 0; c < classes; c++) heap[t + c] = weight * (heap[t + c] / sum - heap[y + c]);
    } else {
      for (let c = 0; c < classes; c++) heap[t + c] = weight * (heap[o + c] - heap[y + c]);
    }
  }
  const addGradient = (l: number, delta: number, nOut: number, nIn: number) => {
    if (s.frozen.has(l + 1)) return;
    kernels.bc(s.grad[l], delta, hidden(l === layer ? depth - 1 : l - 1), nOut, batch, nIn, 1, nOut, 1);
    if (s.biasGrad) addColumnSums(heap, s.biasGrad[l], delta, batch, nOut);
  };
  addGradient(layer, dz, classes, top);
  let delta = dz;
  let spare = s.deltaB;
  let nOut = classes;
  let above = layer;
  for (let l = depth - 1; l >= 0; l--) {
    const n = widths[l + 1];
    kernels.bc(spare, delta, s.weight[above], batch, nOut, n, nOut, 1, 0);
    [delta, spare] = [spare, delta];
    const slope = s.slopes[l];
    if (slope !== 1) {
      const a = s.pre[l];
      for (let i = 0; i < batch * n; i++) {
        const up = +(heap[a + i] > 0);
        heap[delta + i] *= up + slope * (1 - up);
      }
    }
    addGradient(l, delta, n, widths[l]);
    nOut = n;
    above = l;
  }
}

/** One simultaneous step on the heads in `heads`, each with its batch: W ← W − λ·∇ (trunk and those heads; frozen layers kept). */
function step(
  model: ModelSpec,
  s: Layout,
  heads: readonly number[],
  idx: readonly (readonly number[])[],
  o: TrainModelOptions,
): void {
  const { heap, depth } = s;
  const moved: number[] = [];
  for (let l = 0; l < depth; l++) moved.push(l);
  for (const k of heads) moved.push(depth + k);
  for (const l of moved) {
    heap.fill(0, s.grad[l], s.grad[l] + s.view.layers[l].data.length);
    if (s.biasGrad) heap.fill(0, s.biasGrad[l], s.biasGrad[l] + s.view.biases![l].length);
  }
  heads.forEach((k, i) => addHeadGradient(model, s, k, idx[i], o.reduction === 'mean' ? 1 / idx[i].length : 1));
  for (const l of moved) {
    if (s.frozen.has(l + 1)) continue;
    s.kernels.axpy(s.weight[l], s.grad[l], s.view.layers[l].data.length, -o.learningRate);
    if (s.bias) s.kernels.axpy(s.bias[l], s.biasGrad![l], s.view.biases![l].length, -o.learningRate);
  }
}

/**
 * Trains `model` by the reference's SGD (integrator 'sgd', both head schedules) or simultaneous
 * full-batch GD (integrator 'gd') on fused loops, from a copy of w0; returns the final weights.
 */
export function runFused(
  model: ModelSpec,
  data: readonly HeadData[],
  o: TrainModelOptions,
  w0: ModelWeights,
  ctx: FusedContext,
): ModelWeights {
  if (o.update === 'sequential')
    throw new RangeError(
      "backend: got 'fused' with update 'sequential'; allowed: 'reference' (fused runs simultaneous steps)",
    );
  const counts = data.map((d) => d.x.cols);
  const all = counts.map((n) => Array.from({ length: n }, (_, i) => i));
  const heads = data.map((_, k) => k);
  const gd = o.integrator === 'gd';
  const size = gd ? Math.max(...counts) : o.batchSize!;
  const s = layout(model, w0, data, Math.max(1, Math.min(size, Math.max(...counts))), ctx.kernels === 'js');
  try {
    let pass: () => void;
    if (gd) {
      pass = () => step(model, s, heads, all, o);
    } else {
      const streams = data.map((_, k) => o.rng!.fork(`shuffle${k}`));
      const queues: number[][][] = data.map(() => []);
      const nextBatch = (k: number) => {
        if (queues[k].length === 0) queues[k] = ctx.batches(counts[k], size, streams[k]);
        return queues[k].shift()!;
      };
      pass =
        o.headSchedule === 'alternating'
          ? () => {
              for (const b of ctx.batches(counts[0], size, streams[0])) {
                step(model, s, [0], [b], o);
                for (let k = 1; k < counts.length; k++) {
                  const ratio = Math.max(1, Math.floor(counts[k] / counts[0]));
                  for (let r = 0; r < ratio; r++) step(model, s, [k], [nextBatch(k)], o);
                }
              }
            }
          : () => {
              const perHead = counts.map((n, k) => ctx.batches(n, size, streams[k]));
              const count = Math.max(...perHead.map((b) => b.length));
              for (let i = 0; i < count; i++) {
                const active = heads.filter((k) => i < perHead[k].length);
                step(
                  model,
                  s,
                  active,
                  active.map((k) => perHead[k][i]),
                  o,
                );
              }
            };
    }
    runSchedule(o, pass, (epoch) => ctx.record(s.view, epoch));
    return cloneWeights(s.view);
  } finally {
    s.space.release();
  }
}
