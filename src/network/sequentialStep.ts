import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import { activationOf, type HeadData, type ModelSpec, type ModelWeights } from './model.js';
import { softmaxColumns, type LossReduction } from './reference.js';

/**
 * Full-batch GD in the sequential order for any model of model.ts (several heads, biases, softmax
 * heads, ReLU/leaky-ReLU trunks): the generalisation of (2.2)'s authors' order that `referenceStep`
 * implements for linear students. Written for clarity, like reference.ts.
 */

function plus(m: Mat, b: Float64Array | undefined): Mat {
  if (!b) return m;
  const out = new Float64Array(m.data);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[i * m.cols + j] += b[i];
  return { rows: m.rows, cols: m.cols, data: out };
}

function slopeOf(model: ModelSpec, l: number): number | undefined {
  const act = activationOf(model, l);
  if (act.kind === 'linear') return undefined;
  return act.kind === 'relu' ? 0 : act.slope;
}

function activate(a: Mat, slope: number | undefined): Mat {
  if (slope === undefined) return a;
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = a.data[i] > 0 ? a.data[i] : slope * a.data[i];
  return { rows: a.rows, cols: a.cols, data: out };
}

/**
 * The backpropagated errors of head k's loss at the current weights: δ_l (trunk layers l = 1 … H,
 * index l − 1) and δz (the head), with δz = w_k·(softmax(Z) − Y) or w_k·(Z − Y) and
 * δ_l = φ′(a_l) ⊙ (W^{l+1})ᵀ δ_{l+1}, w_k = 1 (sum) or 1/P_k (mean).
 */
function errorsOf(
  model: ModelSpec,
  w: ModelWeights,
  d: HeadData,
  k: number,
  reduction: LossReduction,
): { trunk: Mat[]; head: Mat } {
  const depth = model.hiddenDims.length;
  const pre: Mat[] = [];
  let h = d.x;
  for (let l = 0; l < depth; l++) {
    const a = plus(matmul(w.layers[l], h), w.biases?.[l]);
    pre.push(a);
    h = activate(a, slopeOf(model, l));
  }
  const z = plus(matmul(w.layers[depth + k], h), w.biases?.[depth + k]);
  const p = (model.heads[k].output ?? 'linear') === 'softmaxCrossEntropy' ? softmaxColumns(z) : z;
  const weight = reduction === 'mean' ? 1 / d.x.cols : 1;
  const dz = new Float64Array(z.data.length);
  for (let i = 0; i < dz.length; i++) dz[i] = weight * (p.data[i] - d.y.data[i]);
  const head: Mat = { rows: z.rows, cols: z.cols, data: dz };
  const trunk: Mat[] = new Array(depth);
  let upper = head;
  let upperLayer = depth + k;
  for (let l = depth - 1; l >= 0; l--) {
    const dh = matmul(w.layers[upperLayer], upper, { transA: true });
    const slope = slopeOf(model, l);
    if (slope !== undefined) for (let i = 0; i < dh.data.length; i++) if (!(pre[l].data[i] > 0)) dh.data[i] *= slope;
    trunk[l] = dh;
    upper = dh;
    upperLayer = l;
  }
  return { trunk, head };
}

function descend(target: Mat, bias: Float64Array | undefined, delta: Mat, input: Mat, lr: number): void {
  const g = matmul(delta, input, { transB: true });
  for (let i = 0; i < target.data.length; i++) target.data[i] -= lr * g.data[i];
  if (!bias) return;
  for (let i = 0; i < delta.rows; i++) {
    let s = 0;
    for (let j = 0; j < delta.cols; j++) s += delta.data[i * delta.cols + j];
    bias[i] -= lr * s;
  }
}

/**
 * One full-batch GD step on the summed loss of all heads in the sequential order (new weights;
 * the input is not changed). The errors δ of every layer come from one backward pass at the old
 * weights; layer l is then updated, input side first, by W^l −= λ Σ_k δ_l^{(k)} (h_{l−1}^{(k)})ᵀ
 * and b^l −= λ Σ_k δ_l^{(k)} 𝟙, where h_{l−1}^{(k)} is recomputed on head k's inputs through the
 * already updated layers 1 … l − 1 (and their biases). Each head's matrix sees the updated trunk.
 * For a linear single-head student without biases this is (2.2) in the authors' order, the
 * sequential `referenceStep`. Frozen matrices (1-based) and their biases keep their values.
 */
export function sequentialStep(
  model: ModelSpec,
  w: ModelWeights,
  data: readonly HeadData[],
  options: { readonly learningRate: number; readonly reduction?: LossReduction },
): ModelWeights {
  const lr = options.learningRate;
  const reduction = options.reduction ?? 'sum';
  const frozen = new Set(model.frozen ?? []);
  const depth = model.hiddenDims.length;
  const errors = data.map((d, k) => errorsOf(model, w, d, k, reduction));
  const next: ModelWeights = {
    layers: w.layers.map((l) => ({ rows: l.rows, cols: l.cols, data: new Float64Array(l.data) })),
    biases: w.biases?.map((b) => new Float64Array(b)),
  };
  // h[k]: head k's activations entering the layer being updated, through the updated lower layers.
  let h = data.map((d) => d.x);
  for (let l = 0; l < depth; l++) {
    if (!frozen.has(l + 1))
      data.forEach((_, k) => descend(next.layers[l], next.biases?.[l], errors[k].trunk[l], h[k], lr));
    h = h.map((x) => activate(plus(matmul(next.layers[l], x), next.biases?.[l]), slopeOf(model, l)));
  }
  data.forEach((_, k) => {
    if (!frozen.has(depth + k + 1)) descend(next.layers[depth + k], next.biases?.[depth + k], errors[k].head, h[k], lr);
  });
  return next;
}
