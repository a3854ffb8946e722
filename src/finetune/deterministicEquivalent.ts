import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import { safeguardedNewton } from '../numerics/safeguardedNewton.js';

/**
 * τ > 0 solving tr Σ(Σ + τI)⁻¹ = P (FINETUNE.md (A3)), for eigenvalues λ of Σ and P below the
 * number of positive eigenvalues. Solved in u = ln τ, where P − Σ λ_i/(λ_i + e^u) is increasing,
 * by Newton safeguarded with bisection on a bracket that is checked before it is used.
 */
export function effectiveRidge(eigenvalues: ArrayLike<number>, examples: number): number {
  let positive = 0;
  let trace = 0;
  let smallest = Infinity;
  for (let i = 0; i < eigenvalues.length; i++) {
    const l = eigenvalues[i];
    if (l < 0 || !Number.isFinite(l))
      throw new RangeError(`effectiveRidge: eigenvalue ${i} is ${l}; need finite λ ≥ 0`);
    if (l > 0) {
      positive++;
      trace += l;
      smallest = Math.min(smallest, l);
    }
  }
  if (!(examples > 0 && examples < positive)) {
    throw new RangeError(`effectiveRidge: need 0 < P < rank Σ = ${positive}, got P = ${examples}`);
  }
  const g = (u: number) => {
    const tau = Math.exp(u);
    let f = examples;
    let df = 0;
    for (let i = 0; i < eigenvalues.length; i++) {
      const l = eigenvalues[i];
      if (l === 0) continue;
      f -= l / (l + tau);
      df += (l * tau) / ((l + tau) * (l + tau));
    }
    return { f, df };
  };
  // Σ λ/(λ+τ) ≤ tr Σ / τ, so g ≥ 0 at τ = tr Σ / P; as τ → 0 the sum tends to rank Σ > P, so stepping u down reaches g < 0.
  const hi = Math.log(trace / examples);
  let lo = Math.log(smallest) - 1;
  for (let k = 0; g(lo).f >= 0; k++) {
    if (k > 2000) throw new RangeError('effectiveRidge: no lower bracket for τ');
    lo -= 1;
  }
  return Math.exp(safeguardedNewton(g, lo, hi, 0.5 * (lo + hi), { xTol: 1e-15 }));
}

/** The ingredients and value of (A3). */
export interface DeterministicEquivalent {
  readonly tau: number;
  /** 1 − (1/P) tr Σ²(Σ + τI)⁻². */
  readonly denominator: number;
  /** τ² ΔΣ(Σ + τI)⁻²Δᵀ (trace over rows of Δ). */
  readonly numerator: number;
  /** E R ≈ numerator / denominator (noiseless targets). */
  readonly risk: number;
}

/**
 * (A3): the deterministic equivalent of the expected fine-tuned risk E R ≈ τ²ΔΣ(Σ+τI)⁻²Δᵀ / (1 − tr Σ²(Σ+τI)⁻²/P)
 * for Σ = Q diag(λ) Qᵀ (Q's columns the eigenvectors), Δ = W_T − W_S (N3×N1), P samples, noiseless.
 */
export function deterministicEquivalent(
  eigenvalues: ArrayLike<number>,
  basis: Mat,
  delta: Mat,
  examples: number,
): DeterministicEquivalent {
  const tau = effectiveRidge(eigenvalues, examples);
  const coords = matmul(delta, basis);
  let numerator = 0;
  let df2 = 0;
  const n = eigenvalues.length;
  for (let i = 0; i < n; i++) {
    const l = eigenvalues[i];
    const r = l / ((l + tau) * (l + tau));
    df2 += l * r;
    let d2 = 0;
    for (let row = 0; row < coords.rows; row++) d2 += coords.data[row * n + i] ** 2;
    numerator += tau * tau * r * d2;
  }
  const denominator = 1 - df2 / examples;
  return { tau, denominator, numerator, risk: numerator / denominator };
}
