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
 * Span of X from its thin SVD; singular values below max(N1, P)·eps·s_1 count as zero,
 * so X⁺ and Π = XX⁺ = UUᵀ are those of the numerical rank (FINETUNE.md §2 conventions).
 */
export function inputSpan(x: Mat): InputSpan {
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
