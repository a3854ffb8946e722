import { QrDecomposition } from 'ml-matrix';
import { normals, type Rng } from '../random/rng.js';
import { fromMl, toMl } from './bridge.js';
import { zeros, type Mat } from './mat.js';

/**
 * The first k columns of a Haar-random n×n orthogonal matrix: QR of an n×k Gaussian
 * matrix with the signs of diag(R) moved into Q (Mezzadri's fix), §1 (1.1).
 */
export function haarColumns(n: number, k: number, rng: Rng): Mat {
  if (!Number.isInteger(n) || !Number.isInteger(k) || n < 1 || k < 0 || k > n) {
    throw new RangeError(`haarColumns: need integers 0 ≤ k ≤ n, n ≥ 1; got n=${n}, k=${k}`);
  }
  if (k === 0) return zeros(n, 0);
  const g = { rows: n, cols: k, data: normals(rng, n * k) };
  const qr = new QrDecomposition(toMl(g));
  const q = fromMl(qr.orthogonalMatrix);
  const r = qr.upperTriangularMatrix;
  for (let j = 0; j < k; j++) {
    if (r.get(j, j) < 0) for (let i = 0; i < n; i++) q.data[i * k + j] = -q.data[i * k + j];
  }
  return q;
}

/** A Haar-random n×n orthogonal matrix. */
export function haarOrthogonal(n: number, rng: Rng): Mat {
  return haarColumns(n, n, rng);
}

/**
 * A rows×cols matrix with orthonormal rows (rows ≤ cols) or columns (rows ≥ cols): the
 * leading block of a Haar-random square matrix of size max(rows, cols), §2 random init.
 */
export function haarBlock(rows: number, cols: number, rng: Rng): Mat {
  if (rows >= cols) return haarColumns(rows, cols, rng);
  const t = haarColumns(cols, rows, rng);
  const out = zeros(rows, cols);
  for (let i = 0; i < cols; i++) for (let j = 0; j < rows; j++) out.data[j * cols + i] = t.data[i * rows + j];
  return out;
}
