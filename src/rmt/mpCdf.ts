import { bisect } from '../numerics/bisection.js';
import { mpThetaOf, mpXOfTheta } from './marchenkoPastur.js';
import { assertAspect, assertLevel, canonicalAspect } from './validate.js';

/**
 * F(θ) of (4.2): the Marchenko–Pastur mass below the bulk point at angle θ. The arctan term is
 * written as atan2((1 + √A) sin(θ/2), (1 − √A) cos(θ/2)), continuous on [0, π] and valid at A = 1, §4.1.
 */
export function mpCdfOfTheta(theta: number, aspect: number): number {
  assertAspect(aspect);
  if (!(theta >= 0 && theta <= Math.PI)) throw new RangeError(`theta must be in [0, π], got ${theta}`);
  const r = Math.sqrt(aspect);
  const at = Math.atan2((1 + r) * Math.sin(theta / 2), (1 - r) * Math.cos(theta / 2));
  const f = ((1 + aspect) * theta + 2 * r * Math.sin(theta) - 2 * (1 - aspect) * at) / (2 * Math.PI * aspect);
  return Math.min(1, Math.max(0, f));
}

/** CDF of ρ_{A,σ}: mass of the bulk below x (4.2); for σ = 0 the step at 0; A > 1 transposed (§0.3), §4.1. */
export function mpCdf(x: number, aspectIn: number, scaleIn: number): number {
  const { aspect, scale } = canonicalAspect(aspectIn, scaleIn);
  return mpCdfOfTheta(mpThetaOf(x, aspect, scale), aspect);
}

/** CDF of the eigenvalues μ = x² (mass below μ), the eigenvalue form of (4.2), §4.1. */
export function mpEigenvalueCdf(mu: number, aspect: number, scale: number): number {
  if (!Number.isFinite(mu)) throw new RangeError(`mu must be a finite number, got ${mu}`);
  return mu < 0 ? 0 : mpCdf(Math.sqrt(mu), aspect, scale);
}

/** θ with F(θ) = p, by bisection in θ to the last bit (F is strictly increasing on [0, π]) (4.2), §4.1. */
export function mpQuantileTheta(p: number, aspect: number): number {
  assertAspect(aspect);
  assertLevel(p, 'p');
  if (p === 0) return 0;
  if (p === 1) return Math.PI;
  const { lo, hi } = bisect((theta) => mpCdfOfTheta(theta, aspect) < p, 0, Math.PI);
  return 0.5 * (lo + hi);
}

/** x with mass p below it, x = σ√λ(θ_p); for σ = 0 every quantile is 0; A > 1 transposed (4.2), §4.1. */
export function mpQuantile(p: number, aspectIn: number, scaleIn: number): number {
  const { aspect, scale } = canonicalAspect(aspectIn, scaleIn);
  return mpXOfTheta(mpQuantileTheta(p, aspect), aspect, scale);
}
