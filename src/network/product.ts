import { matmul } from '../linalg/gemm.js';
import { clone, type Mat } from '../linalg/mat.js';
import type { Layers } from './student.js';

/** The end-to-end map W = W^{D_w} ⋯ W^2 W^1 (2.1). */
export function endToEnd(layers: Layers): Mat {
  let w = clone(layers[0]);
  for (let l = 1; l < layers.length; l++) w = matmul(layers[l], w);
  return w;
}
