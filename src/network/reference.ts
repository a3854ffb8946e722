import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import { activationOf, isLinearStudent, type HeadData, type ModelSpec, type ModelWeights } from './model.js';

/**
 * The executable specification of training: loss, gradient and one full-batch GD step for any
 * model of model.ts, written for clarity (plain loops and `matmul`), not speed. Every fast path
 * is tested against it.
 */

/** How per-example losses are combined: summed (THEORY §0.3, today's GD) or averaged over each head's examples (PyTorch's default). */
export type LossReduction = 'sum' | 'mean';

/** Per-layer values of one forward pass over a batch: pre-activations a_l and activations h_l (h_0 = X). */
interface Forward {
  /** h_0 = X, h_l = φ_l(a_l) for the trunk layers l = 1 … H. */
  readonly h: Mat[];
  /** a_l = W^l h_{l−1} (+ b_l), trunk layers. */
  readonly a: Mat[];
  /** Logits/outputs z = W_head h_H (+ b_head), one per head evaluated. */
  readonly z: Mat[];
}

function addBias(m: Mat, b: Float64Array | undefined): Mat {
  if (!b) return m;
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) m.data[i * m.cols + j] += b[i];
  return m;
}

function activate(a: Mat, kind: ReturnType<typeof activationOf>): Mat {
  if (kind.kind === 'linear') return a;
  const slope = kind.kind === 'relu' ? 0 : kind.slope;
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = a.data[i] > 0 ? a.data[i] : slope * a.data[i];
  return { rows: a.rows, cols: a.cols, data: out };
}

/** The trunk's output for inputs X and the outputs of the heads in `heads`. */
function forward(model: ModelSpec, w: ModelWeights, x: Mat, heads: readonly number[]): Forward {
  const depth = model.hiddenDims.length;
  const h: Mat[] = [x];
  const a: Mat[] = [];
  for (let l = 0; l < depth; l++) {
    const pre = addBias(matmul(w.layers[l], h[l]), w.biases?.[l]);
    a.push(pre);
    h.push(activate(pre, activationOf(model, l)));
  }
  const z = heads.map((k) => addBias(matmul(w.layers[depth + k], h[depth]), w.biases?.[depth + k]));
  return { h, a, z };
}

/** Column-wise softmax of logits, by log-sum-exp (the maximum subtracted first). */
export function softmaxColumns(z: Mat): Mat {
  const out = new Float64Array(z.data.length);
  for (let j = 0; j < z.cols; j++) {
    let m = -Infinity;
    for (let i = 0; i < z.rows; i++) m = Math.max(m, z.data[i * z.cols + j]);
    let s = 0;
    for (let i = 0; i < z.rows; i++) s += Math.exp(z.data[i * z.cols + j] - m);
    for (let i = 0; i < z.rows; i++) out[i * z.cols + j] = Math.exp(z.data[i * z.cols + j] - m) / s;
  }
  return { rows: z.rows, cols: z.cols, data: out };
}

/** One head's loss on its outputs: ½‖Y − Z‖² (linear) or −Σ_μ Σ_c Y_cμ log softmax(z_μ)_c (cross-entropy, log-sum-exp), times `weight`. */
function headLoss(kind: string, z: Mat, y: Mat, weight: number): number {
  let s = 0;
  if (kind === 'softmaxCrossEntropy') {
    for (let j = 0; j < z.cols; j++) {
      let m = -Infinity;
      for (let i = 0; i < z.rows; i++) m = Math.max(m, z.data[i * z.cols + j]);
      let e = 0;
      for (let i = 0; i < z.rows; i++) e += Math.exp(z.data[i * z.cols + j] - m);
      const lse = m + Math.log(e);
      for (let i = 0; i < z.rows; i++) s += y.data[i * y.cols + j] * (lse - z.data[i * z.cols + j]);
    }
  } else {
    for (let i = 0; i < z.data.length; i++) s += 0.5 * (y.data[i] - z.data[i]) ** 2;
  }
  return weight * s;
}

/** Weight of a head's per-example losses under a reduction: 1 (sum) or 1/P (mean). */
function reductionWeight(reduction: LossReduction, examples: number): number {
  return reduction === 'mean' ? 1 / examples : 1;
}

/** Total training loss of a model on its heads' data (sum over heads). */
export function modelLoss(
  model: ModelSpec,
  w: ModelWeights,
  data: readonly HeadData[],
  reduction: LossReduction = 'sum',
): number {
  let total = 0;
  data.forEach((d, k) => {
    const f = forward(model, w, d.x, [k]);
    total += headLoss(model.heads[k].output ?? 'linear', f.z[0], d.y, reductionWeight(reduction, d.x.cols));
  });
  return total;
}

/** Loss of each head on its data. */
export function headLosses(
  model: ModelSpec,
  w: ModelWeights,
  data: readonly HeadData[],
  reduction: LossReduction = 'sum',
): number[] {
  return data.map((d, k) =>
    headLoss(
      model.heads[k].output ?? 'linear',
      forward(model, w, d.x, [k]).z[0],
      d.y,
      reductionWeight(reduction, d.x.cols),
    ),
  );
}

/** Gradients of the loss with respect to every weight matrix and bias (zeros for matrices no head's loss reaches). */
export interface ModelGradient {
  readonly layers: Mat[];
  readonly biases?: Float64Array[];
}

function zerosLike(w: ModelWeights): ModelGradient {
  return {
    layers: w.layers.map((l) => ({ rows: l.rows, cols: l.cols, data: new Float64Array(l.data.length) })),
    biases: w.biases?.map((b) => new Float64Array(b.length)),
  };
}

function addInto(to: Mat, from: Mat): void {
  for (let i = 0; i < to.data.length; i++) to.data[i] += from.data[i];
}

function rowSumsInto(to: Float64Array | undefined, m: Mat): void {
  if (!to) return;
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = 0; j < m.cols; j++) s += m.data[i * m.cols + j];
    to[i] += s;
  }
}

/**
 * ∇L by backpropagation: for each head k in `heads` (default all) with data (X_k, Y_k),
 * δz = w_k·(Z − Y) (linear) or w_k·(softmax(Z) − Y) (cross-entropy), ∂W_head = δz h_Hᵀ, and down the
 * trunk δa_l = δh_l ⊙ φ′(a_l), ∂W^l = δa_l h_{l−1}ᵀ, δh_{l−1} = W^lᵀ δa_l (biases: row sums of δ).
 * The loss is the sum over the given heads. For a linear student this is −(W^{>l})ᵀ(Σ31 − WΣ11)(W^{<l})ᵀ (2.2).
 */
export function modelGradient(
  model: ModelSpec,
  w: ModelWeights,
  data: readonly HeadData[],
  options: { reduction?: LossReduction; heads?: readonly number[] } = {},
): ModelGradient {
  const reduction = options.reduction ?? 'sum';
  const heads = options.heads ?? data.map((_, k) => k);
  const depth = model.hiddenDims.length;
  const g = zerosLike(w);
  for (const k of heads) {
    const d = data[k];
    const f = forward(model, w, d.x, [k]);
    const z = f.z[0];
    const weight = reductionWeight(reduction, d.x.cols);
    const p = (model.heads[k].output ?? 'linear') === 'softmaxCrossEntropy' ? softmaxColumns(z) : z;
    const dz = new Float64Array(z.data.length);
    for (let i = 0; i < dz.length; i++) dz[i] = weight * (p.data[i] - d.y.data[i]);
    let delta: Mat = { rows: z.rows, cols: z.cols, data: dz };
    addInto(g.layers[depth + k], matmul(delta, f.h[depth], { transB: true }));
    rowSumsInto(g.biases?.[depth + k], delta);
    let dh = matmul(w.layers[depth + k], delta, { transA: true });
    for (let l = depth - 1; l >= 0; l--) {
      const act = activationOf(model, l);
      if (act.kind !== 'linear') {
        const slope = act.kind === 'relu' ? 0 : act.slope;
        for (let i = 0; i < dh.data.length; i++) if (!(f.a[l].data[i] > 0)) dh.data[i] *= slope;
      }
      delta = dh;
      addInto(g.layers[l], matmul(delta, f.h[l], { transB: true }));
      rowSumsInto(g.biases?.[l], delta);
      if (l > 0) dh = matmul(w.layers[l], delta, { transA: true });
    }
  }
  return g;
}

/** Options of `referenceStep`. */
export interface ReferenceStepOptions {
  readonly learningRate: number;
  /** 'simultaneous' (textbook GD, any model) or 'sequential' (linear students only: the authors' order). Default 'simultaneous'. */
  readonly update?: 'sequential' | 'simultaneous';
  readonly reduction?: LossReduction;
  /** Heads whose loss this step descends (default all): the trunk and these heads move. */
  readonly heads?: readonly number[];
}

/**
 * One full-batch GD step, returning new weights (the input is not changed). Frozen matrices
 * (model.frozen, 1-based) and their biases keep their values. 'sequential' (linear students):
 * G = Y − WX once from the old weights, then W^l += λ·w·(W_old^{>l})ᵀ G (W_new^{<l} X)ᵀ input side
 * first, each layer seeing the already updated lower layers (2.2 in the authors' order).
 */
export function referenceStep(
  model: ModelSpec,
  w: ModelWeights,
  data: readonly HeadData[],
  options: ReferenceStepOptions,
): ModelWeights {
  const lr = options.learningRate;
  const frozen = new Set(model.frozen ?? []);
  const next: ModelWeights = {
    layers: w.layers.map((l) => ({ rows: l.rows, cols: l.cols, data: new Float64Array(l.data) })),
    biases: w.biases?.map((b) => new Float64Array(b)),
  };
  if ((options.update ?? 'simultaneous') === 'sequential') {
    if (!isLinearStudent(model))
      throw new RangeError(
        "referenceStep: update 'sequential' is defined for linear single-head students without biases; use 'simultaneous'",
      );
    const { x, y } = data[0];
    const weight = reductionWeight(options.reduction ?? 'sum', x.cols);
    const depth = w.layers.length;
    let out = x;
    for (const l of w.layers) out = matmul(l, out);
    const gap = new Float64Array(y.data.length);
    for (let i = 0; i < gap.length; i++) gap[i] = y.data[i] - out.data[i];
    // upper[l] = (W_old^{>l})ᵀ G, from the top down with the old layers.
    const upper: Mat[] = new Array(depth);
    upper[depth - 1] = { rows: y.rows, cols: y.cols, data: gap };
    for (let l = depth - 2; l >= 0; l--) upper[l] = matmul(w.layers[l + 1], upper[l + 1], { transA: true });
    let lowerX = x;
    for (let l = 0; l < depth; l++) {
      if (!frozen.has(l + 1)) {
        const grad = matmul(upper[l], lowerX, { transB: true });
        const t = next.layers[l].data;
        for (let i = 0; i < t.length; i++) t[i] += lr * weight * grad.data[i];
      }
      lowerX = matmul(next.layers[l], lowerX);
    }
    return next;
  }
  const g = modelGradient(model, w, data, { reduction: options.reduction, heads: options.heads });
  next.layers.forEach((l, i) => {
    if (frozen.has(i + 1)) return;
    for (let j = 0; j < l.data.length; j++) l.data[j] -= lr * g.layers[i].data[j];
    const b = next.biases?.[i];
    if (b) for (let j = 0; j < b.length; j++) b[j] -= lr * g.biases![i][j];
  });
  return next;
}
