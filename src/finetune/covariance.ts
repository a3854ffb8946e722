import { haarOrthogonal } from '../linalg/haar.js';
import { identity, type Mat } from '../linalg/mat.js';
import type { Rng } from '../random/rng.js';

/** The spectrum of the input covariance Σ (FINETUNE.md §3): eigenvalues before the rescaling to tr Σ = N1. */
export type CovarianceShape =
  | { readonly kind: 'identity' }
  | { readonly kind: 'powerLaw'; readonly exponent: number }
  | { readonly kind: 'twoLevel'; readonly high: number; readonly low: number; readonly highCount: number }
  | { readonly kind: 'exponential'; readonly rate: number };

/** A covariance spec: a spectrum shape and its eigenbasis ('haar': drawn from the seed; 'axis': the standard basis). */
export type CovarianceSpec = CovarianceShape & { readonly basis?: 'haar' | 'axis' };

/** Σ = Q diag(λ) Qᵀ with its factors: eigenvalues λ (non-increasing, Σλ = N1) and the orthogonal eigenbasis Q (columns). */
export interface Covariance {
  readonly eigenvalues: Float64Array;
  /** N1×N1, column i is the eigenvector of eigenvalues[i]. */
  readonly basis: Mat;
  /** Σ, N1×N1. */
  readonly sigma: Mat;
  /** Σ^{1/2} = Q diag(√λ) Qᵀ. */
  readonly sqrt: Mat;
}

/** Eigenvalues of Σ for `shape`, non-increasing and rescaled so that tr Σ = n (FINETUNE.md §3). */
export function covarianceSpectrum(shape: CovarianceShape, n: number): Float64Array {
  const raw = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (shape.kind) {
      case 'identity':
        raw[i] = 1;
        break;
      case 'powerLaw':
        raw[i] = Math.pow(i + 1, -shape.exponent);
        break;
      case 'twoLevel':
        raw[i] = i < shape.highCount ? shape.high : shape.low;
        break;
      case 'exponential':
        raw[i] = Math.exp(-shape.rate * i);
        break;
    }
  }
  let total = 0;
  for (const v of raw) total += v;
  if (!(total > 0) || !Number.isFinite(total))
    throw new RangeError(`inputCovariance: the spectrum sums to ${total}; it must be positive and finite`);
  for (let i = 0; i < n; i++) raw[i] *= n / total;
  return raw;
}

/** Builds Σ with tr Σ = n: spectrum from `spec`, eigenbasis Haar from `rng` or the axis basis. */
export function buildCovariance(spec: CovarianceSpec, n: number, rng: Rng): Covariance {
  const eigenvalues = covarianceSpectrum(spec, n);
  const basis = spec.basis === 'axis' ? identity(n) : haarOrthogonal(n, rng);
  return {
    eigenvalues,
    basis,
    sigma: congruence(basis, eigenvalues),
    sqrt: congruence(basis, eigenvalues.map(Math.sqrt)),
  };
}

/** Q diag(d) Qᵀ for an n×n Q. */
export function congruence(q: Mat, d: ArrayLike<number>): Mat {
  const n = q.rows;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q.data[i * n + k] * d[k] * q.data[j * n + k];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return { rows: n, cols: n, data: out };
}
