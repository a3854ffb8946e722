import { zeros, type Mat } from '../linalg/mat.js';
import { svd } from '../linalg/svd.js';

/**
 * The joint teacher [W̄_A; W̄_B] in closed form (§8.2): W̄ = blockdiag(Ū_A, Ū_B)·L·Bᵀ with B the
 * N1×(r_A + r_B) orthonormal basis the input features are built from and L the small
 * (r_A + r_B)×(r_A + r_B) coefficient matrix below. Its singular values and the coefficients of its
 * singular vectors depend only on (s̄_A, s̄_B, Q), never on Ū_A, Ū_B or on B.
 */
export interface JointModes {
  /** s̄_k, descending, r_A + r_B of them (exact zeros where the joint teacher loses rank, e.g. q = 1 at rank one). */
  readonly singularValues: number[];
  /**
   * coefficients[k] = (c_{k,A1}, …, c_{k,A r_A}, c_{k,B1}, …, c_{k,B r_B}), a unit vector: the left
   * singular vector is ũ_k = Σ_i c_{k,Ai} [ū_{A,i}; 0] + Σ_j c_{k,Bj} [0; ū_{B,j}].
   */
  readonly coefficients: number[][];
  /** a_k = Σ_i c_{k,Ai}²: the share of joint mode k in A's output block. */
  readonly shareA: number[];
  /** L's SVD, for assembling the joint task: L = U diag(s) Vᵀ. */
  readonly factors: { readonly u: Mat; readonly v: Mat };
}

/** Relative size below which a joint singular value is set to exactly 0 (rounding of a rank drop). */
const RANK_DROP = 1e-13;

/**
 * L with rows A_i = s̄_{A,i} e_iᵀ and B_j = s̄_{B,j} (q_j e_j + √(1 − q_j²) e_{r_A+j})ᵀ for paired
 * modes j < min(r_A, r_B), s̄_{B,j} e_{r_A+j}ᵀ for unpaired ones: the joint teacher in the basis of
 * the input features, so LLᵀ = [[S_A², S_A Q S_B], [S_B Qᵀ S_A, S_B²]] with Q = diag(q) (§8.2).
 */
export function jointCoefficientMatrix(
  sA: readonly number[],
  sB: readonly number[],
  alignments: readonly number[],
): Mat {
  const rA = sA.length;
  const rB = sB.length;
  const r = rA + rB;
  checkModes(sA, sB, alignments);
  const l = zeros(r, r);
  for (let i = 0; i < rA; i++) l.data[i * r + i] = sA[i];
  for (let j = 0; j < rB; j++) {
    const row = (rA + j) * r;
    if (j < alignments.length) {
      const q = alignments[j];
      l.data[row + j] = sB[j] * q;
      l.data[row + rA + j] = sB[j] * Math.sqrt(Math.max(0, 1 - q * q));
    } else {
      l.data[row + rA + j] = sB[j];
    }
  }
  return l;
}

/** The joint teacher's singular values and block shares from (s̄_A, s̄_B, q) alone, any ranks (8.1), §8.2. */
export function jointModes(sA: readonly number[], sB: readonly number[], alignments: readonly number[]): JointModes {
  const l = jointCoefficientMatrix(sA, sB, alignments);
  const r = l.rows;
  const rA = sA.length;
  const dec = svd(l);
  const top = dec.s[0];
  const singularValues = Array.from(dec.s, (s) => (s <= RANK_DROP * top ? 0 : s));
  const coefficients: number[][] = [];
  const shareA: number[] = [];
  for (let k = 0; k < r; k++) {
    const c = Array.from({ length: r }, (_, i) => dec.u.data[i * r + k]);
    coefficients.push(c);
    let a = 0;
    for (let i = 0; i < rA; i++) a += c[i] * c[i];
    shareA.push(a);
  }
  return { singularValues, coefficients, shareA, factors: { u: dec.u, v: dec.v } };
}

/**
 * (8.1) for one mode pair: s̄_±² = (s̄_A² + s̄_B²)/2 ± √(((s̄_A² − s̄_B²)/2)² + q²s̄_A²s̄_B²), with s̄_−
 * from s̄_+²s̄_−² = s̄_A²s̄_B²(1 − q²) (no cancellation). Returns [s̄_+, s̄_−], §8.2.
 */
export function pairSingularValues(sA: number, sB: number, q: number): [number, number] {
  if (!(Number.isFinite(sA) && sA >= 0)) throw new RangeError(`sA must be a finite number ≥ 0, got ${sA}`);
  if (!(Number.isFinite(sB) && sB >= 0)) throw new RangeError(`sB must be a finite number ≥ 0, got ${sB}`);
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q must be a number in [0, 1], got ${q}`);
  // Scale by the larger value so that squares cannot overflow or underflow.
  const m = Math.max(sA, sB);
  if (m === 0) return [0, 0];
  const a = sA / m;
  const b = sB / m;
  const mean = (a * a + b * b) / 2;
  const half = (a * a - b * b) / 2;
  const plusSq = mean + Math.hypot(half, q * a * b);
  const minusSq = (a * a * b * b * (1 - q) * (1 + q)) / plusSq;
  return [m * Math.sqrt(plusSq), m * Math.sqrt(minusSq)];
}

/** Q = V̄_Aᵀ V̄_B, the input-feature similarity matrix (r_A × r_B), §8.2. */
export function similarityMatrix(vBarA: Mat, vBarB: Mat): Mat {
  if (vBarA.rows !== vBarB.rows)
    throw new RangeError(`similarityMatrix: V̄_A has ${vBarA.rows} rows, V̄_B ${vBarB.rows}`);
  const out = zeros(vBarA.cols, vBarB.cols);
  for (let i = 0; i < vBarA.cols; i++) {
    for (let j = 0; j < vBarB.cols; j++) {
      let s = 0;
      for (let n = 0; n < vBarA.rows; n++) s += vBarA.data[n * vBarA.cols + i] * vBarB.data[n * vBarB.cols + j];
      out.data[i * out.cols + j] = s;
    }
  }
  return out;
}

function checkModes(sA: readonly number[], sB: readonly number[], alignments: readonly number[]): void {
  const ok = (xs: readonly number[]) => xs.length >= 1 && xs.every((x) => Number.isFinite(x) && x >= 0);
  if (!ok(sA))
    throw new RangeError(`singularValuesA must be a non-empty list of finite numbers ≥ 0, got ${JSON.stringify(sA)}`);
  if (!ok(sB))
    throw new RangeError(`singularValuesB must be a non-empty list of finite numbers ≥ 0, got ${JSON.stringify(sB)}`);
  const pairs = Math.min(sA.length, sB.length);
  if (alignments.length !== pairs || !alignments.every((q) => q >= 0 && q <= 1)) {
    throw new RangeError(
      `alignments must be ${pairs} number(s) in [0, 1] (one per mode pair), got ${JSON.stringify(alignments)}`,
    );
  }
}
