import { bulkIntegral } from './bulkIntegral.js';
import { assertAspect, assertScale } from './validate.js';

/** ∫ x^k ρ_{A,σ}(x) dx for any real k ≥ 0 by the θ-substitution quadrature (moments), §4.1. */
export function mpMoment(order: number, aspect: number, scale: number): number {
  if (!(Number.isFinite(order) && order >= 0)) throw new RangeError(`order must be a finite number ≥ 0, got ${order}`);
  if (order === 0) {
    assertAspect(aspect);
    assertScale(scale, 'scale');
    return 1;
  }
  return bulkIntegral((x) => Math.pow(x, order), aspect, scale, { relTol: 1e-14 }).value;
}

/**
 * Exact even moment ∫ x^{2k} ρ_{A,σ} = σ^{2k} Σ_{j=1..k} N(k, j) A^{j−1} with the Narayana numbers
 * N(k, j) = C(k, j) C(k, j−1)/k (k = 1: σ², k = 2: σ⁴(1 + A)), moments of §4.1.
 */
export function mpEvenMoment(k: number, aspect: number, scale: number): number {
  if (!(Number.isInteger(k) && k >= 0 && k <= 60)) throw new RangeError(`k must be an integer in [0, 60], got ${k}`);
  assertAspect(aspect);
  assertScale(scale, 'scale');
  if (k === 0) return 1;
  let sum = 0;
  for (let j = 1; j <= k; j++) sum += ((binomial(k, j) * binomial(k, j - 1)) / k) * Math.pow(aspect, j - 1);
  return Math.pow(scale, 2 * k) * sum;
}

function binomial(n: number, r: number): number {
  let b = 1;
  for (let i = 1; i <= r; i++) b = (b * (n - r + i)) / i;
  return b;
}
