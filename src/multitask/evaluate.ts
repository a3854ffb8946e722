import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import type { ModelSpec, ModelWeights } from '../network/model.js';

/**
 * Logits of head `head` for inputs x (columns), evaluation only: z = W_head φ(…φ(W¹x + b¹)…) + b_head.
 * Its cross-entropy equals the engine's `headLosses` (a test holds them together).
 */
export function headLogits(model: ModelSpec, w: ModelWeights, x: Mat, head: number): Mat {
  const depth = model.hiddenDims.length;
  let h = x;
  // Negative pre-activations are multiplied by `slope`: 1 for linear layers, 0 for ReLU, the slope for leaky ReLU.
  const layer = (l: number, input: Mat, slope: number): Mat => {
    const out = matmul(w.layers[l], input);
    const b = w.biases?.[l];
    const n = out.cols;
    for (let i = 0; i < out.rows; i++) {
      for (let j = 0; j < n; j++) {
        let v = out.data[i * n + j] + (b ? b[i] : 0);
        if (slope !== 1 && !(v > 0)) v *= slope;
        out.data[i * n + j] = v;
      }
    }
    return out;
  };
  for (let l = 0; l < depth; l++) {
    const act = model.activations?.[l] ?? { kind: 'linear' as const };
    h = layer(l, h, act.kind === 'linear' ? 1 : act.kind === 'relu' ? 0 : act.slope);
  }
  return layer(depth + head, h, 1);
}

/** Per-example cross-entropy −log softmax(z_μ)_{y_μ} by log-sum-exp (max subtracted), and whether argmax z_μ = y_μ. */
export function perExample(logits: Mat, labels: Int32Array): { loss: Float64Array; correct: Uint8Array } {
  const c = logits.rows;
  const n = logits.cols;
  const loss = new Float64Array(n);
  const correct = new Uint8Array(n);
  for (let mu = 0; mu < n; mu++) {
    let m = -Infinity;
    let best = 0;
    for (let k = 0; k < c; k++) {
      const v = logits.data[k * n + mu];
      if (v > m) {
        m = v;
        best = k;
      }
    }
    let s = 0;
    for (let k = 0; k < c; k++) s += Math.exp(logits.data[k * n + mu] - m);
    loss[mu] = m + Math.log(s) - logits.data[labels[mu] * n + mu];
    correct[mu] = best === labels[mu] ? 1 : 0;
  }
  return { loss, correct };
}

/** Test cross-entropy and accuracy as the authors report them: the mean over test batches of `batch` of each batch's mean (MULTITASK.md §1 Metric). */
export function batchedTestMetrics(logits: Mat, labels: Int32Array, batch: number): { loss: number; accuracy: number } {
  const { loss, correct } = perExample(logits, labels);
  const n = labels.length;
  let lossSum = 0;
  let accSum = 0;
  let batches = 0;
  for (let start = 0; start < n; start += batch) {
    const end = Math.min(n, start + batch);
    let l = 0;
    let a = 0;
    for (let mu = start; mu < end; mu++) {
      l += loss[mu];
      a += correct[mu];
    }
    lossSum += l / (end - start);
    accSum += a / (end - start);
    batches++;
  }
  return { loss: lossSum / batches, accuracy: accSum / batches };
}
