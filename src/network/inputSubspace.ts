import { matmul } from '../linalg/gemm.js';
import { columns, type Mat } from '../linalg/mat.js';
import { frobenius } from '../linalg/norms.js';
import { svd } from '../linalg/svd.js';
import type { Task } from '../task/task.js';
import type { EpochProblem } from './trainer.js';

/**
 * S = rowspace(Σ31) + rowspace(W^1(0)) with an orthonormal basis Q. When Σ11 = c·I the update
 * ΔW^1 = λ(W^{>1})ᵀ(Σ31 − cW) has its rows in S, so W^1(t) = M(t)Qᵀ for all t, and GD on
 * (M, W^2, …) with Σ31Q and the same c is GD on the full problem mapped through Q (exactly,
 * in exact arithmetic): every product shrinks from N1 to r columns.
 */
export interface InputSubspace {
  /** Q, N1×r with orthonormal columns; columns k < dataRank are v̂_k of task.svd31, bit for bit. */
  readonly q: Mat;
  /** r = dim S. */
  readonly rank: number;
  /** rank(Σ31): the leading columns of Q that are the data's right singular vectors. */
  readonly dataRank: number;
  /** Σ31Q, N3×r: the reduced problem's Σ31. */
  readonly sigma31Q: Mat;
}

/** Machine epsilon of float64. */
const EPS = 2 ** -52;

/**
 * Largest relative residual ‖A − AQQᵀ‖_F/‖A‖_F (A = Σ31 and W^1(0)) accepted for a reduction;
 * by construction it is ≤ √r·max(m, n)·ε ≈ 1e-13 at the sizes used, so this only trips when
 * the construction went wrong (then training stays in full coordinates).
 */
const RECONSTRUCTION_TOLERANCE = 1e-12;

/**
 * The input subspace S of a GD run on `task` from first layer `firstLayer` (N2×N1), or
 * undefined when nothing is gained: Σ11 is not c·I ('projector', 'general'), r = N1, or r = 0
 * (Σ31 = 0 and W^1(0) = 0: nothing moves).
 *
 * Q = [Q1 Q2]: Q1 = the v̂_k with ŝ_k > max(N3, N1)·ε·ŝ_1 (numerical rank as in LAPACK/numpy:
 * below that, a singular value and its direction are rounding in Σ31 itself, so dropping it
 * changes Σ31 by less than its own rounding); Q2 = an orthonormal basis of the part of
 * W^1(0)'s rows outside Q1 (projected out twice), keeping singular values above
 * max(N2, N1)·ε·‖W^1(0)‖_F, re-orthogonalised against Q1. Deterministic: no random choices,
 * and Q2 (an SVD) is computed only when W^1(0) has rows outside Q1 (not for aligned init).
 */
export function inputSubspace(task: Task, firstLayer: Mat): InputSubspace | undefined {
  if (task.sigma11Kind !== 'identity' && task.sigma11Kind !== 'scaled') return undefined;
  const n1 = task.spec.inputDim;
  if (firstLayer.cols !== n1)
    throw new RangeError(`inputSubspace: the first layer has ${firstLayer.cols} columns, the task ${n1} inputs`);
  const { s, v } = task.svd31;
  const dataTol = Math.max(task.spec.outputDim, n1) * EPS * s[0];
  let dataRank = 0;
  while (dataRank < s.length && s[dataRank] > dataTol) dataRank++;
  if (dataRank >= n1) return undefined;
  const q1 = columns(v, 0, dataRank);
  const q2 = outsideDirections(firstLayer, q1);
  if (q2 === undefined) return undefined;
  const rank = dataRank + q2.cols;
  if (rank === 0 || rank >= n1) return undefined;
  const q = q2.cols === 0 ? q1 : sideBySide(q1, q2);
  const sigma31Q = matmul(task.sigma31, q);
  if (residual(task.sigma31, sigma31Q, q) > RECONSTRUCTION_TOLERANCE) return undefined;
  if (residual(firstLayer, matmul(firstLayer, q), q) > RECONSTRUCTION_TOLERANCE) return undefined;
  return { q, rank, dataRank, sigma31Q };
}

/** The task seen through Q: N1 → r, Σ31 → Σ31Q, Σ11 = c·I unchanged (I_r or c·I_r). */
export function reducedProblem(task: Task, sub: InputSubspace): EpochProblem {
  return {
    spec: { inputDim: sub.rank, outputDim: task.spec.outputDim },
    sigma11Kind: task.sigma11Kind,
    sigma11Scale: task.sigma11Scale,
    sigma31: sub.sigma31Q,
  };
}

/**
 * An orthonormal basis (N1×k, orthogonal to Q1) of the rows of `w` outside span(Q1); N1×0
 * when they all lie in it to rounding; undefined when that basis would fill the rest of R^N1.
 */
function outsideDirections(w: Mat, q1: Mat): Mat | undefined {
  const n1 = w.cols;
  const scale = frobenius(w);
  const tol = Math.max(w.rows, n1) * EPS * scale;
  const none: Mat = { rows: n1, cols: 0, data: new Float64Array(0) };
  const r = projectOut(projectOut(w, q1), q1);
  if (scale === 0 || frobenius(r) <= tol) return none;
  const dec = svd(r);
  let k = 0;
  while (k < dec.s.length && dec.s[k] > tol) k++;
  if (k === 0) return none;
  if (q1.cols + k >= n1) return undefined;
  // The kept directions, made exactly orthogonal to Q1 (twice) and orthonormal again.
  const q2 = projectOut(projectOut(columns(dec.v, 0, k), q1, true), q1, true);
  return svd(q2).u;
}

/** A − (AQ)Qᵀ (rows of A without their part in span Q), or with `cols`, A − Q(QᵀA). */
function projectOut(a: Mat, q: Mat, cols = false): Mat {
  if (q.cols === 0) return a;
  const p = cols ? matmul(q, matmul(q, a, { transA: true })) : matmul(matmul(a, q), q, { transB: true });
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = a.data[i] - p.data[i];
  return { rows: a.rows, cols: a.cols, data: out };
}

/** ‖A − (AQ)Qᵀ‖_F / ‖A‖_F, given AQ (0 for A = 0). */
function residual(a: Mat, aq: Mat, q: Mat): number {
  const norm = frobenius(a);
  if (norm === 0) return 0;
  const back = matmul(aq, q, { transB: true });
  let d = 0;
  for (let i = 0; i < a.data.length; i++) d += (a.data[i] - back.data[i]) ** 2;
  return Math.sqrt(d) / norm;
}

/** [A B], columns of A then of B (same row count). */
function sideBySide(a: Mat, b: Mat): Mat {
  const cols = a.cols + b.cols;
  const out = new Float64Array(a.rows * cols);
  for (let i = 0; i < a.rows; i++) {
    out.set(a.data.subarray(i * a.cols, (i + 1) * a.cols), i * cols);
    out.set(b.data.subarray(i * b.cols, (i + 1) * b.cols), i * cols + a.cols);
  }
  return { rows: a.rows, cols, data: out };
}
