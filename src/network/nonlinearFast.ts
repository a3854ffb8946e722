import { NumericalError } from '../config/errors.js';
import { createWorkspace } from '../kernels/arena.js';
import { refOf, runOp, type DenseMat, type KernelOp, type MatRef } from '../kernels/ops.js';
import type { Mat } from '../linalg/mat.js';
import { activationOf, type HeadData, type ModelSpec, type ModelWeights } from './model.js';
import { runSchedule } from './schedule.js';

/**
 * Full-batch GD with the simultaneous update for single-head feed-forward students with any
 * hidden activation (linear, leaky ReLU, ReLU), no biases, the 'sum' loss ½‖Y − Z‖², run on the
 * kernel arena: every product is one kernel op (WebAssembly SIMD or its bit-identical JavaScript
 * twin), the activation and its derivative mask are applied in place between the products, and
 * each layer is updated in place by the product that forms its gradient (W ← W − λ·δhᵀ as
 * C ← 1·C + (−λ)·AB). The floating-point operations are those of `referenceStep`/`modelGradient`
 * in the same order, so the trajectory equals the reference's. One-hot inputs (X = I exactly)
 * skip the input products: W¹X = W¹ and δXᵀ = δ, as the reference computes them exactly.
 */

/** What the sink sees at a recorded epoch (views into the workspace, valid only during the call). */
export interface NonlinearGdView {
  readonly epoch: number;
  /** The weight matrices W¹ … W^{D_w}. */
  readonly layers: readonly DenseMat[];
  /** The outputs f(X) on the training inputs. */
  readonly outputs: DenseMat;
  /** The training loss ½‖Y − f(X)‖², summed in the reference's order. */
  readonly loss: number;
  /** The outputs f(X_test) on `testInputs`, when given. */
  readonly testOutputs?: DenseMat;
}

/** Options of `runNonlinearGradientDescent`: the schedule, the learning rate and the sink. */
export interface NonlinearGdOptions {
  readonly learningRate: number;
  readonly epochs: number;
  readonly reportEvery: number;
  readonly onEpoch?: (epoch: number) => void;
  /** Inputs whose outputs each record also reports (e.g. the one-hot basis for the test error). */
  readonly testInputs?: Mat;
  /** 'auto' (WebAssembly when available) or 'js' (the JavaScript twins). */
  readonly kernels?: 'auto' | 'js';
  readonly sink: (view: NonlinearGdView) => void;
}

/** True when the model is one the fast path trains: one linear head, no biases, no frozen layers. */
export function fastNonlinearApplies(model: ModelSpec): boolean {
  return (
    model.heads.length === 1 &&
    (model.heads[0].output ?? 'linear') === 'linear' &&
    !model.biases &&
    (model.frozen ?? []).length === 0
  );
}

/** True when x is exactly the identity matrix (one-hot inputs with P = N1). */
export function isIdentity(x: Mat): boolean {
  if (x.rows !== x.cols) return false;
  const n = x.rows;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (x.data[i * n + j] !== (i === j ? 1 : 0)) return false;
  return true;
}

/** The slope of an activation below 0 (1 for linear, 0 for ReLU). */
function slopeOf(a: ReturnType<typeof activationOf>): number {
  return a.kind === 'linear' ? 1 : a.kind === 'relu' ? 0 : a.slope;
}

/** Index of a float64's high 32-bit word in an Int32Array view of it (1 on little-endian machines). */
const HIGH_WORD = new Int32Array(new Float64Array([-1]).buffer)[1] < 0 ? 1 : 0;

/**
 * h ← φ(a) for leaky ReLU (ReLU: s = 0), and f ← φ′(a) for the backward pass: f = 1 where a > 0, s
 * elsewhere (the reference's !(a > 0), at 0 included), h = a·f (a·1 = a exactly, so h equals
 * a > 0 ? a : s·a). The choice reads the sign bit through `bits` (an Int32Array view of a) and mixes
 * 1 and s with the exact weights 1 − b and b ∈ {0, 1}: no data-dependent branch, whose
 * mispredictions on random signs would cost more than the arithmetic. Only a = ±0 (rare,
 * predictable) takes a branch. A NaN a gives a NaN h either way.
 */
function activate(a: Float64Array, bits: Int32Array, h: Float64Array, f: Float64Array, s: number): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    const b = (bits[2 * i + HIGH_WORD] >> 31) & 1;
    let g = 1 - b + s * b;
    if (v === 0) g = s;
    f[i] = g;
    h[i] = v * g;
  }
}

/** δ ← δ ⊙ φ′(a), with f = φ′(a) from `activate`. */
function mask(d: Float64Array, f: Float64Array): void {
  for (let i = 0; i < d.length; i++) d[i] = d[i] * f[i];
}

/** Buffers of one forward pass over `cols` examples: pre-activations and activations per hidden layer, outputs. */
interface Pass {
  readonly input: MatRef | null;
  readonly pre: MatRef[];
  readonly post: MatRef[];
  /** φ′(a_l) of the last forward pass, per hidden layer (plain arrays: the backward pass's mask). */
  readonly slope: Float64Array[];
  readonly out: MatRef;
}

/**
 * Trains `model` from `start` on one head's data by GD with the simultaneous update (the reference
 * step of `trainModel` with update 'simultaneous', reduction 'sum'), calling the sink at epochs
 * 0, r, 2r, … ≤ epochs; returns the final weights. Throws NumericalError when the loss stops being finite.
 */
export function runNonlinearGradientDescent(
  model: ModelSpec,
  data: HeadData,
  start: ModelWeights,
  o: NonlinearGdOptions,
): ModelWeights {
  if (!fastNonlinearApplies(model))
    throw new RangeError(
      'runNonlinearGradientDescent: the fast path trains single-head students with a linear output, no biases and no frozen layers',
    );
  const depth = start.layers.length;
  const hidden = model.hiddenDims.length;
  const p = data.x.cols;
  const oneHot = isIdentity(data.x);
  const test = o.testInputs;
  const testIsTrain = test !== undefined && (test === data.x || (oneHot && isIdentity(test)));
  const separateTest = test !== undefined && !testIsTrain;
  const slopes = model.hiddenDims.map((_, l) => slopeOf(activationOf(model, l)));
  const linear = model.hiddenDims.map((_, l) => activationOf(model, l).kind === 'linear');

  // Workspace: layers, X (unless one-hot), Y, a training pass, the deltas, and a test pass.
  const shapes: (readonly [number, number])[] = start.layers.map((l) => [l.rows, l.cols] as const);
  const passShapes = (cols: number, withInput: boolean): (readonly [number, number])[] => [
    ...(withInput ? [[model.inputDim, cols] as const] : []),
    ...model.hiddenDims.map((n) => [n, cols] as const),
    ...model.hiddenDims.map((n, l) => (linear[l] ? ([0, 0] as const) : ([n, cols] as const))),
    [data.y.rows, cols] as const,
  ];
  shapes.push([data.y.rows, p]); // Y
  shapes.push(...passShapes(p, !oneHot));
  shapes.push([data.y.rows, p], ...model.hiddenDims.map((n) => [n, p] as const)); // δ_out, δ_l
  if (separateTest) shapes.push(...passShapes(test.cols, !isIdentity(test)));
  const ws = createWorkspace(shapes, o.kernels === 'js');
  try {
    const { heap, kernels } = ws;
    let next = 0;
    const take = () => ws.mats[next++];
    const layers = start.layers.map((l) => {
      const m = take();
      m.data.set(l.data);
      return m;
    });
    const layerRefs = layers.map((m) => refOf(heap, m));
    const y = take();
    y.data.set(data.y.data);
    const makePass = (x: Mat, withInput: boolean): Pass => {
      let input: MatRef | null = null;
      if (withInput) {
        const m = take();
        m.data.set(x.data);
        input = refOf(heap, m);
      }
      const pre = model.hiddenDims.map(() => refOf(heap, take()));
      const post = model.hiddenDims.map((_, l) => {
        const m = take();
        return linear[l] ? pre[l] : refOf(heap, m);
      });
      const slope = model.hiddenDims.map((n, l) => new Float64Array(linear[l] ? 0 : n * x.cols));
      return { input, pre, post, slope, out: refOf(heap, take()) };
    };
    const train = makePass(data.x, !oneHot);
    const dOut = refOf(heap, take());
    const dHidden = model.hiddenDims.map(() => refOf(heap, take()));
    const testPass = separateTest ? makePass(test, !isIdentity(test)) : null;
    const yRef = refOf(heap, y);
    const run = (op: KernelOp, rows: number) => runOp(heap, kernels, op, 0, rows);
    // Views of the workspace matrices, made once (integer-indexed loops on them stay on V8's fast path).
    const views = new Map<number, DenseMat>();
    const bitViews = new Map<Float64Array, Int32Array>();
    const bitsOf = (a: Float64Array): Int32Array => {
      let b = bitViews.get(a);
      if (!b) bitViews.set(a, (b = new Int32Array(a.buffer, a.byteOffset, 2 * a.length)));
      return b;
    };
    const view = (r: MatRef): DenseMat => {
      let v = views.get(r.off);
      if (!v)
        views.set(r.off, (v = { rows: r.rows, cols: r.cols, data: heap.subarray(r.off, r.off + r.rows * r.cols) }));
      return v;
    };
    const product = (c: MatRef, a: MatRef, b: MatRef) =>
      run({ kind: 'gemm', c, a, b, transA: false, transB: false, alpha: 1, beta: 0 }, c.rows);

    /** f on the pass's inputs (the first layer's input is W¹ itself when `input` is null: X = I). */
    const forward = (pass: Pass) => {
      for (let l = 0; l <= hidden; l++) {
        const c = l < hidden ? pass.pre[l] : pass.out;
        const below = l === 0 ? pass.input : pass.post[l - 1];
        if (below === null) heap.copyWithin(c.off, layerRefs[0].off, layerRefs[0].off + c.rows * c.cols);
        else product(c, layerRefs[l], below);
        if (l < hidden && !linear[l]) {
          const a = view(pass.pre[l]).data;
          activate(a, bitsOf(a), view(pass.post[l]).data, pass.slope[l], slopes[l]);
        }
      }
    };

    /** ½‖Y − Z‖², in the reference's order. */
    const lossOf = () => {
      let s = 0;
      const z = train.out.off;
      const n = y.data.length;
      for (let i = 0; i < n; i++) s += 0.5 * (y.data[i] - heap[z + i]) ** 2;
      return s;
    };

    /** Backpropagation and the simultaneous update, each layer in place after its δ below is formed. */
    const step = () => {
      run({ kind: 'sub', out: dOut, s: train.out, w: yRef, d: 1 }, dOut.rows);
      let delta = dOut;
      for (let l = depth - 1; l >= 0; l--) {
        const w = layerRefs[l];
        if (l > 0) {
          const below = dHidden[l - 1];
          run({ kind: 'gemm', c: below, a: w, b: delta, transA: true, transB: false, alpha: 1, beta: 0 }, below.rows);
          if (!linear[l - 1]) mask(view(below).data, train.slope[l - 1]);
        }
        const input = l === 0 ? train.input : train.post[l - 1];
        if (input === null) run({ kind: 'axpy', y: w, x: delta, alpha: -o.learningRate }, w.rows);
        else
          run(
            { kind: 'gemm', c: w, a: delta, b: input, transA: false, transB: true, alpha: -o.learningRate, beta: 1 },
            w.rows,
          );
        if (l > 0) delta = dHidden[l - 1];
      }
    };

    forward(train);
    runSchedule(
      o,
      () => {
        step();
        forward(train);
      },
      (epoch) => {
        const loss = lossOf();
        if (!Number.isFinite(loss))
          throw new NumericalError(
            `training diverged at epoch ${epoch} (the loss is not finite) with learningRate ${o.learningRate}: lower learningRate`,
          );
        let testOutputs: DenseMat | undefined;
        if (testPass) {
          forward(testPass);
          testOutputs = view(testPass.out);
        } else if (testIsTrain) testOutputs = view(train.out);
        o.sink({ epoch, layers, outputs: view(train.out), loss, testOutputs });
      },
    );
    return { layers: layers.map((m) => ({ rows: m.rows, cols: m.cols, data: new Float64Array(m.data) })) };
  } finally {
    ws.release();
  }
}
