import { zeros, type Mat } from './mat.js';

/** Options of `gemmInto`: C ← α·op(A)·op(B) + β·C. */
export interface GemmOptions {
  transA?: boolean;
  transB?: boolean;
  alpha?: number;
  beta?: number;
}

/**
 * C ← α·op(A)·op(B) + β·C on row-major Float64Array storage, allocation-free.
 * Trusts its inputs' shapes after one check; C must not alias A or B.
 */
export function gemmInto(c: Mat, a: Mat, b: Mat, opts: GemmOptions = {}): Mat {
  const { transA = false, transB = false, alpha = 1, beta = 0 } = opts;
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const kb = transB ? b.cols : b.rows;
  const n = transB ? b.rows : b.cols;
  if (k !== kb || c.rows !== m || c.cols !== n) {
    throw new RangeError(
      `gemmInto: op(A) is ${m}×${k}, op(B) is ${kb}×${n}, C is ${c.rows}×${c.cols}`,
    );
  }
  if (c.data === a.data || c.data === b.data) throw new RangeError('gemmInto: C must not alias A or B');
  const cd = c.data;
  if (beta === 0) cd.fill(0);
  else if (beta !== 1) for (let i = 0; i < cd.length; i++) cd[i] *= beta;
  if (alpha === 0 || k === 0) return c;
  if (!transA && !transB) nn(cd, a.data, b.data, m, k, n, alpha);
  else if (transA && !transB) tn(cd, a.data, b.data, m, k, n, alpha);
  else if (!transA && transB) nt(cd, a.data, b.data, m, k, n, alpha);
  else tt(cd, a.data, b.data, m, k, n, alpha);
  return c;
}

/** op(A)·op(B) as a new matrix. */
export function matmul(a: Mat, b: Mat, opts: Omit<GemmOptions, 'beta'> = {}): Mat {
  const m = opts.transA ? a.cols : a.rows;
  const n = opts.transB ? b.rows : b.cols;
  return gemmInto(zeros(m, n), a, b, { ...opts, beta: 0 });
}

// C (m×n) += α A (m×k) B (k×n): i-k-j order, k unrolled by four so each C row is
// loaded and stored once per four rank-one updates.
function nn(c: Float64Array, a: Float64Array, b: Float64Array, m: number, k: number, n: number, alpha: number): void {
  const k4 = k - (k % 4);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const ai = i * k;
    let p = 0;
    for (; p < k4; p += 4) {
      const a0 = alpha * a[ai + p];
      const a1 = alpha * a[ai + p + 1];
      const a2 = alpha * a[ai + p + 2];
      const a3 = alpha * a[ai + p + 3];
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
      }
    }
    for (; p < k; p++) {
      const ap = alpha * a[ai + p];
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += ap * b[bp + j];
    }
  }
}

// C (m×n) += α Aᵀ B with A stored k×m: same rank-one structure, A read down a column.
function tn(c: Float64Array, a: Float64Array, b: Float64Array, m: number, k: number, n: number, alpha: number): void {
  const k4 = k - (k % 4);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    let p = 0;
    for (; p < k4; p += 4) {
      const a0 = alpha * a[p * m + i];
      const a1 = alpha * a[(p + 1) * m + i];
      const a2 = alpha * a[(p + 2) * m + i];
      const a3 = alpha * a[(p + 3) * m + i];
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
      }
    }
    for (; p < k; p++) {
      const ap = alpha * a[p * m + i];
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += ap * b[bp + j];
    }
  }
}

// C (m×n) += α A Bᵀ with B stored n×k: row-by-row dot products, two rows of A by two of B.
function nt(c: Float64Array, a: Float64Array, b: Float64Array, m: number, k: number, n: number, alpha: number): void {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = i * k;
    const a1 = a0 + k;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      const b0 = j * k;
      const b1 = b0 + k;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = a[a0 + p];
        const x1 = a[a1 + p];
        const y0 = b[b0 + p];
        const y1 = b[b1 + p];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      c[i * n + j] += alpha * s00;
      c[i * n + j + 1] += alpha * s01;
      c[(i + 1) * n + j] += alpha * s10;
      c[(i + 1) * n + j + 1] += alpha * s11;
    }
    for (; j < n; j++) {
      const b0 = j * k;
      let s0 = 0;
      let s1 = 0;
      for (let p = 0; p < k; p++) {
        s0 += a[a0 + p] * b[b0 + p];
        s1 += a[a1 + p] * b[b0 + p];
      }
      c[i * n + j] += alpha * s0;
      c[(i + 1) * n + j] += alpha * s1;
    }
  }
  for (; i < m; i++) {
    const a0 = i * k;
    for (let j = 0; j < n; j++) {
      const b0 = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[a0 + p] * b[b0 + p];
      c[i * n + j] += alpha * s;
    }
  }
}

// C (m×n) += α Aᵀ Bᵀ: rare, kept simple.
function tt(c: Float64Array, a: Float64Array, b: Float64Array, m: number, k: number, n: number, alpha: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[p * m + i] * b[j * k + p];
      c[i * n + j] += alpha * s;
    }
  }
}

/** Reference product op(A)·op(B) by the textbook triple loop; used to test the kernels. */
export function matmulReference(a: Mat, b: Mat, transA = false, transB = false): Mat {
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const n = transB ? b.rows : b.cols;
  const out = zeros(m, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const x = transA ? a.data[p * a.cols + i] : a.data[i * a.cols + p];
        const y = transB ? b.data[j * b.cols + p] : b.data[p * b.cols + j];
        s += x * y;
      }
      out.data[i * n + j] = s;
    }
  }
  return out;
}
