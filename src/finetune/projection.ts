import { matmul } from '../linalg/gemm.js';
import { transpose, zeros, type Mat } from '../linalg/mat.js';
import { svd } from '../linalg/svd.js';

/** The column span of the inputs X (N1×P): an orthonormal basis U (N1×r) and the pseudoinverse X⁺ (P×N1). */
export interface InputSpan {
  readonly basis: Mat;
  readonly pinv: Mat;
  readonly rank: number;
}

/**
 * Span of X (N1×P). When X has full column rank (the case for Gaussian inputs with P ≤ N1), by classical
 * Gram–Schmidt with one reorthogonalisation (CGS2: Q orthonormal to rounding whatever cond X is) and
 * X⁺ = R⁻¹Qᵀ; otherwise from the thin SVD with singular values below max(N1, P)·eps·s_1 counted as zero.
 * Π = XX⁺ = QQᵀ (FINETUNE.md §2 conventions).
 */
export function inputSpan(x: Mat): InputSpan {
  return x.cols <= x.rows ? (gramSchmidtSpan(x) ?? svdSpan(x)) : svdSpan(x);
}

/** CGS2 on the columns of X; undefined when a column is numerically dependent on the previous ones. */
function gramSchmidtSpan(x: Mat): InputSpan | undefined {
  const n1 = x.rows;
  const p = x.cols;
  const q = new Float64Array(n1 * p); // column-major: column k at k·n1
  const r = new Float64Array(p * p); // row-major upper triangle
  let largest = 0;
  for (let k = 0; k < p; k++) {
    const v = q.subarray(k * n1, (k + 1) * n1);
    let norm0 = 0;
    for (let i = 0; i < n1; i++) {
      v[i] = x.data[i * p + k];
      norm0 += v[i] * v[i];
    }
    largest = Math.max(largest, Math.sqrt(norm0));
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < k; j++) {
        const qj = q.subarray(j * n1, (j + 1) * n1);
        let d = 0;
        for (let i = 0; i < n1; i++) d += qj[i] * v[i];
        r[j * p + k] += d;
        for (let i = 0; i < n1; i++) v[i] -= d * qj[i];
      }
    }
    let norm = 0;
    for (let i = 0; i < n1; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    if (!(norm > Math.max(n1, p) * Number.EPSILON * 16 * largest)) return undefined;
    r[k * p + k] = norm;
    for (let i = 0; i < n1; i++) v[i] /= norm;
  }
  const basis = zeros(n1, p);
  for (let i = 0; i < n1; i++) for (let k = 0; k < p; k++) basis.data[i * p + k] = q[k * n1 + i];
  // X⁺ = R⁻¹Qᵀ: back substitution on each column of Qᵀ.
  const pinv = zeros(p, n1);
  for (let c = 0; c < n1; c++) {
    for (let k = p - 1; k >= 0; k--) {
      let s = q[k * n1 + c];
      for (let j = k + 1; j < p; j++) s -= r[k * p + j] * pinv.data[j * n1 + c];
      pinv.data[k * n1 + c] = s / r[k * p + k];
    }
  }
  return { basis, pinv, rank: p };
}

function svdSpan(x: Mat): InputSpan {
  const { u, s, v } = svd(x);
  const cut = Math.max(x.rows, x.cols) * Number.EPSILON * (s[0] ?? 0);
  let rank = 0;
  while (rank < s.length && s[rank] > cut) rank++;
  const n1 = x.rows;
  const p = x.cols;
  const basis = zeros(n1, rank);
  for (let i = 0; i < n1; i++) for (let k = 0; k < rank; k++) basis.data[i * rank + k] = u.data[i * u.cols + k];
  // X⁺ = V diag(1/s) Uᵀ over the first `rank` singular triples.
  const vs = zeros(p, rank);
  for (let j = 0; j < p; j++) for (let k = 0; k < rank; k++) vs.data[j * rank + k] = v.data[j * v.cols + k] / s[k];
  const pinv = rank === 0 ? zeros(p, n1) : matmul(vs, transpose(basis));
  return { basis, pinv, rank };
}

/** W Π: the part of each row of W in span(X). */
export function inSpan(w: Mat, span: InputSpan): Mat {
  if (span.rank === 0) return zeros(w.rows, w.cols);
  return matmul(matmul(w, span.basis), span.basis, { transB: true });
}

/** W (I − Π): the part of each row of W orthogonal to span(X). */
export function outOfSpan(w: Mat, span: InputSpan): Mat {
  const p = inSpan(w, span);
  const out = zeros(w.rows, w.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = w.data[i] - p.data[i];
  return out;
}
