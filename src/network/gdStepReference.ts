import type { UpdateOrder } from '../config/simulationConfig.js';
import { matmul } from '../linalg/gemm.js';
import { clone, identity, type Mat } from '../linalg/mat.js';
import { endToEnd } from './product.js';
import type { Layers } from './student.js';

/**
 * One full-batch GD epoch written for clarity, not speed (2.2): E = Σ31 − WΣ11 once, then
 * W^l ← W^l + λ (W^{>l})ᵀ E (W^{<l})ᵀ, input side first. `sequential` uses the already
 * updated lower layers (the authors' order); `simultaneous` uses the old ones. Returns new layers.
 */
export function gdStepReference(layers: Layers, sigma31: Mat, sigma11: Mat, lr: number, update: UpdateOrder): Layers {
  const old = layers.map(clone);
  const next = layers.map(clone);
  const w = endToEnd(old);
  const e = clone(sigma31);
  const wS = matmul(w, sigma11);
  for (let i = 0; i < e.data.length; i++) e.data[i] -= wS.data[i];
  const depth = layers.length;
  for (let l = 0; l < depth; l++) {
    const upper = productOf(old, l + 1, depth, sigma31.rows);
    const lower = productOf(update === 'sequential' ? next : old, 0, l, sigma31.cols);
    const grad = matmul(matmul(upper, e, { transA: true }), lower, { transB: true });
    for (let i = 0; i < grad.data.length; i++) next[l].data[i] += lr * grad.data[i];
  }
  return next;
}

/** layers[to−1] ⋯ layers[from], or the identity of size `n` when the range is empty. */
function productOf(layers: Layers, from: number, to: number, n: number): Mat {
  if (from >= to) return identity(n);
  let p = clone(layers[from]);
  for (let l = from + 1; l < to; l++) p = matmul(layers[l], p);
  return p;
}
