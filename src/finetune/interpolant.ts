import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import { outOfSpan, type InputSpan } from './projection.js';

/** yX⁺, the minimum-norm interpolant of the targets y (N3×P). */
export function minimumNormFit(y: Mat, span: InputSpan): Mat {
  return matmul(y, span.pinv);
}

/** (A1): W_∞ = yX⁺ + W_S(I − Π), the interpolant nearest to W_S, where GD from W_S converges at depth 1. */
export function nearestInterpolant(source: Mat, y: Mat, span: InputSpan): Mat {
  return addScaled(minimumNormFit(y, span), 1, outOfSpan(source, span));
}

/** a + c·b for matrices of the same shape. */
export function addScaled(a: Mat, c: number, b: Mat): Mat {
  const data = new Float64Array(a.data.length);
  for (let i = 0; i < data.length; i++) data[i] = a.data[i] + c * b.data[i];
  return { rows: a.rows, cols: a.cols, data };
}
