import { gemmInto } from '../linalg/gemm.js';
import { zeros, type Mat } from '../linalg/mat.js';
import type { Task } from '../task/task.js';
import { DivergenceError, stableLearningRate } from './divergence.js';
import type { Layers, StudentSpec, TrainingSpec } from './student.js';

/** Called at every recorded epoch with the current layers, end-to-end map W and E = Σ31 − WΣ11. */
export type Observer = (epoch: number, layers: Layers, w: Mat, e: Mat) => void;

/** How often (in epochs) the loss is checked for divergence between recordings. */
const DIVERGENCE_CHECK_EVERY = 10;
/** Growth of ‖E‖² over its initial value that counts as divergence. */
const DIVERGENCE_GROWTH = 1e8;

/**
 * Full-batch gradient descent (2.2) in the Σ31 form, allocation-free inside the loop: per
 * epoch one chain of products for W, E = Σ31 − WΣ11 (the Σ11 product skipped when Σ11 is
 * I or D·I), then each layer's update. Calls `observe` at epochs 0, r, 2r, … ≤ epochs.
 * Mutates `layers`. Throws DivergenceError on a non-finite or exploding loss.
 */
export function runGradientDescent(
  task: Task,
  layers: Layers,
  student: Pick<StudentSpec, 'update'>,
  training: TrainingSpec,
  observe: Observer,
  onEpoch?: (epoch: number) => void,
): void {
  const depth = layers.length;
  const n1 = task.spec.inputDim;
  const n3 = task.spec.outputDim;
  const widths = [n1, ...layers.map((l) => l.rows)];
  const lr = training.learningRate;
  const sequential = student.update === 'sequential';
  const sigma31 = task.sigma31.data;

  // prefix[l] = W^l ⋯ W^1 (widths[l]×N1) for l = 1..depth (prefix[depth] = W);
  // suffix[l] = W^{depth} ⋯ W^{l+2} (N3×widths[l+1]) for l = 0..depth−2, i.e. layers[depth−1] ⋯ layers[l+1].
  const prefix: Mat[] = [];
  for (let l = 1; l <= depth; l++) prefix[l] = l === 1 ? layers[0] : zeros(widths[l], n1);
  const suffix: Mat[] = [];
  for (let l = depth - 2; l >= 0; l--) suffix[l] = l === depth - 2 ? layers[depth - 1] : zeros(n3, widths[l + 1]);
  const w = prefix[depth];
  const e = zeros(n3, n1);
  const wSigma = task.sigma11Kind === 'identity' || task.sigma11Kind === 'scaled' ? undefined : zeros(n3, n1);
  const scaleD = task.sigma11Scale;
  // Per-layer gradient workspace: grad[l] has the layer's shape; mid[l] holds (W^{>l})ᵀE.
  const grad = layers.map((l) => zeros(l.rows, l.cols));
  const mid = layers.map((l) => zeros(l.rows, n1));
  const newPrefix: Mat[] = [];
  for (let l = 1; l < depth; l++) newPrefix[l] = l === 1 ? layers[0] : zeros(widths[l], n1);

  const record = new Set<number>();
  for (let t = 0; t <= training.epochs; t += training.reportEvery) record.add(t);
  let e0 = -1;
  const lrStable = () => stableLearningRate(task, depth);

  for (let epoch = 0; ; epoch++) {
    for (let l = 2; l <= depth; l++) gemmInto(prefix[l], layers[l - 1], prefix[l - 1]);
    // E = Σ31 − WΣ11
    const ed = e.data;
    const wd = w.data;
    if (wSigma) {
      gemmInto(wSigma, w, task.sigma11);
      const ws = wSigma.data;
      for (let i = 0; i < ed.length; i++) ed[i] = sigma31[i] - ws[i];
    } else if (scaleD === 1) {
      for (let i = 0; i < ed.length; i++) ed[i] = sigma31[i] - wd[i];
    } else {
      for (let i = 0; i < ed.length; i++) ed[i] = sigma31[i] - scaleD * wd[i];
    }
    if (epoch % DIVERGENCE_CHECK_EVERY === 0 || record.has(epoch)) {
      let s = 0;
      for (let i = 0; i < ed.length; i++) s += ed[i] * ed[i];
      if (e0 < 0) e0 = s;
      if (!Number.isFinite(s)) throw new DivergenceError(epoch, lr, lrStable(), 'the loss is not finite');
      if (s > DIVERGENCE_GROWTH * (e0 + 1e-300)) {
        throw new DivergenceError(epoch, lr, lrStable(), `‖Σ31 − WΣ11‖² grew ${(s / e0).toExponential(1)}-fold`);
      }
    }
    if (record.has(epoch)) observe(epoch, layers, w, e);
    if (epoch >= training.epochs) break;
    onEpoch?.(epoch);

    for (let l = depth - 3; l >= 0; l--) gemmInto(suffix[l], suffix[l + 1], layers[l + 1]);
    if (sequential) {
      for (let l = 0; l < depth; l++) {
        const lower = l === 0 ? undefined : l === 1 ? layers[0] : newPrefix[l];
        if (l >= 2) gemmInto(newPrefix[l], layers[l - 1], newPrefix[l - 1]);
        applyGradient(layers[l], l < depth - 1 ? suffix[l] : undefined, e, lower, lr, mid[l], grad[l], true);
      }
    } else {
      for (let l = 0; l < depth; l++) {
        const lower = l === 0 ? undefined : prefix[l];
        applyGradient(layers[l], l < depth - 1 ? suffix[l] : undefined, e, lower, lr, mid[l], grad[l], false);
      }
      for (let l = 0; l < depth; l++) {
        const ld = layers[l].data;
        const gd = grad[l].data;
        for (let i = 0; i < ld.length; i++) ld[i] += lr * gd[i];
      }
    }
  }
}

/**
 * grad = upperᵀ · E · lowerᵀ (identity when a factor is absent). With `inPlace` it is added
 * to the layer times λ directly; otherwise written to `grad` for a simultaneous update.
 * `lower` is read before the layer changes, and never aliases it.
 */
function applyGradient(
  layer: Mat,
  upper: Mat | undefined,
  e: Mat,
  lower: Mat | undefined,
  lr: number,
  mid: Mat,
  grad: Mat,
  inPlace: boolean,
): void {
  const target = inPlace ? layer : grad;
  const alpha = inPlace ? lr : 1;
  const beta = inPlace ? 1 : 0;
  if (!upper && !lower) {
    // Single-layer network: W ← W + λE.
    const td = target.data;
    for (let i = 0; i < td.length; i++) td[i] = beta * td[i] + alpha * e.data[i];
  } else if (!lower) {
    gemmInto(target, upper!, e, { transA: true, alpha, beta });
  } else if (!upper) {
    gemmInto(target, e, lower, { transB: true, alpha, beta });
  } else {
    gemmInto(mid, upper, e, { transA: true });
    gemmInto(target, mid, lower, { transB: true, alpha, beta });
  }
}
