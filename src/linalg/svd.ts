import { SingularValueDecomposition } from 'ml-matrix';
import { fromMl, toMl } from './bridge.js';
import { eye, scale, type Mat } from './mat.js';
import { maxAbs } from './norms.js';

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
  const k = Math.min(a.rows, a.cols);
  // Work on A/max|A_ij| so that subnormal or huge entries keep full relative accuracy (and
  // orthonormal vectors); the zero matrix gets the standard bases.
  const m = maxAbs(a);
  if (!Number.isFinite(m)) throw new RangeError('svd: the matrix has a non-finite entry');
  if (m === 0) return { u: eye(a.rows, k), s: new Float64Array(k), v: eye(a.cols, k) };
  const { scaled, c } = normalisePow2(a, m);
  const dec = new SingularValueDecomposition(toMl(scaled), { autoTranspose: true });
  const uAll = fromMl(dec.leftSingularVectors);
  const vAll = fromMl(dec.rightSingularVectors);
  const sAll = dec.diagonal;
  // ml-matrix already sorts, but the contract must not depend on that.
  const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => sAll[j] - sAll[i] || i - j);
  const u = { rows: a.rows, cols: k, data: new Float64Array(a.rows * k) };
  const v = { rows: a.cols, cols: k, data: new Float64Array(a.cols * k) };
  const s = new Float64Array(k);
  for (let col = 0; col < k; col++) {
    const src = order[col];
    s[col] = c * Math.max(0, sAll[src]);
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
    for (let i = 0; i < a.rows; i++) u.data[i * k + col] = sign * uAll.data[i * uAll.cols + src];
    for (let j = 0; j < a.cols; j++) v.data[j * k + col] = sign * vAll.data[j * vAll.cols + src];
  }
  return { u, s, v };
}

/** Singular values only, descending. */
export function singularValues(a: Mat): Float64Array {
  const m = maxAbs(a);
  if (!Number.isFinite(m)) throw new RangeError('singularValues: the matrix has a non-finite entry');
  if (m === 0) return new Float64Array(Math.min(a.rows, a.cols));
  const { scaled, c } = normalisePow2(a, m);
  const dec = new SingularValueDecomposition(toMl(scaled), {
    autoTranspose: true,
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
  });
  return Float64Array.from(dec.diagonal, (x) => c * Math.max(0, x))
    .sort()
    .reverse();
}

/** A scaled by an exact power of two c ≈ max|A_ij|, so that scaling loses no bits: (A/c, c). */
function normalisePow2(a: Mat, maxAbsValue: number): { scaled: Mat; c: number } {
  const e = Math.floor(Math.log2(maxAbsValue));
  // 2^−e may overflow for subnormal inputs, so apply it in two exact halves.
  const half = Math.trunc(-e / 2);
  return { scaled: scale(scale(a, 2 ** half), 2 ** (-e - half)), c: 2 ** e };
}
