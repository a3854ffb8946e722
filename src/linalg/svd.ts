import { SingularValueDecomposition } from 'ml-matrix';
import { fromMl, toMl } from './bridge.js';
import { type Mat } from './mat.js';

/** Thin SVD A = U·diag(s)·Vᵀ: U is m×k, V is n×k, k = min(m, n), s descending. */
export interface Svd {
  readonly u: Mat;
  readonly s: Float64Array;
  readonly v: Mat;
}

/**
 * Thin SVD with singular values sorted descending and a deterministic sign convention:
 * each left singular vector's entry of largest magnitude (first one on ties) is positive,
 * and the matching right vector flips with it (1.5), §1.
 */
export function svd(a: Mat): Svd {
  if (a.rows === 0 || a.cols === 0) throw new RangeError(`svd: empty ${a.rows}×${a.cols} matrix`);
  const dec = new SingularValueDecomposition(toMl(a), { autoTranspose: true });
  const k = Math.min(a.rows, a.cols);
  const uAll = fromMl(dec.leftSingularVectors);
  const vAll = fromMl(dec.rightSingularVectors);
  const sAll = dec.diagonal;
  // ml-matrix already sorts, but the contract must not depend on that.
  const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => sAll[j] - sAll[i] || i - j);
  const u = { rows: a.rows, cols: k, data: new Float64Array(a.rows * k) };
  const v = { rows: a.cols, cols: k, data: new Float64Array(a.cols * k) };
  const s = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const src = order[c];
    s[c] = Math.max(0, sAll[src]);
    let best = 0;
    let bestAbs = -1;
    for (let i = 0; i < a.rows; i++) {
      const x = Math.abs(uAll.data[i * uAll.cols + src]);
      if (x > bestAbs) {
        bestAbs = x;
        best = i;
      }
    }
    const sign = uAll.data[best * uAll.cols + src] < 0 ? -1 : 1;
    for (let i = 0; i < a.rows; i++) u.data[i * k + c] = sign * uAll.data[i * uAll.cols + src];
    for (let j = 0; j < a.cols; j++) v.data[j * k + c] = sign * vAll.data[j * vAll.cols + src];
  }
  return { u, s, v };
}

/** Singular values only, descending. */
export function singularValues(a: Mat): Float64Array {
  const dec = new SingularValueDecomposition(toMl(a), {
    autoTranspose: true,
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
  });
  return Float64Array.from(dec.diagonal, (x) => Math.max(0, x)).sort().reverse();
}
