import { canonicalAspect } from './validate.js';

/**
 * The Marchenko–Pastur law of the noise singular values (4.1) and its θ-parametrisation:
 * λ = (x/σ)² = 1 + A − 2√A cos θ, θ ∈ [0, π], under which ρ dx = 2 sin²θ / (π λ) dθ (§4.1).
 */

/** Lower and upper bulk edges σ(1 − √A), σ(1 + √A) (4.1); A > 1 is transposed (§0.3), §4.1. */
export function mpEdges(aspectIn: number, scaleIn: number): { lower: number; upper: number } {
  const { aspect, scale } = canonicalAspect(aspectIn, scaleIn);
  const r = Math.sqrt(aspect);
  return { lower: scale * (1 - r), upper: scale * (1 + r) };
}

/**
 * Density ρ_{A,σ}(x) = √((λ − λ₋)(λ₊ − λ)) / (π A x), λ = (x/σ)², zero outside the bulk; A > 1 is
 * transposed (§0.3). For σ = 0 the bulk is a point mass at 0: the density is 0 for x ≠ 0 and +∞ at 0 (4.1), §4.1.
 */
export function mpDensity(x: number, aspectIn: number, scaleIn: number): number {
  const { aspect, scale } = canonicalAspect(aspectIn, scaleIn);
  if (!Number.isFinite(x)) throw new RangeError(`x must be a finite number, got ${x}`);
  if (scale === 0) return x === 0 ? Infinity : 0;
  const r = Math.sqrt(aspect);
  const y = x / scale;
  if (y <= 1 - r || y >= 1 + r) return 0;
  // (λ − λ₋)(λ₊ − λ) factored into four linear terms: accurate near both edges.
  const prod = (y - (1 - r)) * (y + (1 - r)) * (1 + r - y) * (1 + r + y);
  return Math.sqrt(Math.max(0, prod)) / (Math.PI * aspect * x);
}

/** θ ∈ [0, π] of a point x of the bulk, θ = 2 atan2(√(λ − λ₋), √(λ₊ − λ)) (clamped outside); A > 1 transposed, §4.1 (4.2). */
export function mpThetaOf(x: number, aspectIn: number, scaleIn: number): number {
  const { aspect, scale } = canonicalAspect(aspectIn, scaleIn);
  if (!Number.isFinite(x)) throw new RangeError(`x must be a finite number, got ${x}`);
  if (scale === 0) return x < 0 ? 0 : Math.PI;
  const r = Math.sqrt(aspect);
  const y = x / scale;
  if (y <= 1 - r) return 0;
  if (y >= 1 + r) return Math.PI;
  const below = (y - (1 - r)) * (y + (1 - r));
  const above = (1 + r - y) * (1 + r + y);
  return 2 * Math.atan2(Math.sqrt(below), Math.sqrt(above));
}

/** λ(θ) = (1 − √A)² + 4√A sin²(θ/2) (the same as 1 + A − 2√A cos θ, accurate near θ = 0), §4.1. */
export function mpLambdaOfTheta(theta: number, aspect: number): number {
  const r = Math.sqrt(aspect);
  const h = Math.sin(theta / 2);
  return (1 - r) * (1 - r) + 4 * r * h * h;
}

/** The point x = σ√λ(θ) of the bulk at angle θ ∈ [0, π]; A > 1 transposed, §4.1. */
export function mpXOfTheta(theta: number, aspectIn: number, scaleIn: number): number {
  const { aspect, scale } = canonicalAspect(aspectIn, scaleIn);
  if (!(theta >= 0 && theta <= Math.PI)) throw new RangeError(`theta must be in [0, π], got ${theta}`);
  return scale * Math.sqrt(mpLambdaOfTheta(theta, aspect));
}

/** The mass per unit θ, ρ dx/dθ = 2 sin²θ / (π λ(θ)), a smooth function on [0, π], §4.1. */
export function mpThetaWeight(theta: number, aspect: number): number {
  const r = Math.sqrt(aspect);
  const h = Math.sin(theta / 2);
  const c = Math.cos(theta / 2);
  const lambda = (1 - r) * (1 - r) + 4 * r * h * h;
  if (lambda === 0) return 2 / Math.PI; // A = 1, θ = 0: the limit of 2·4h²c²/(π·4h²)
  return (8 * h * h * c * c) / (Math.PI * lambda);
}

/**
 * The eigenvalue form of (4.1): the density of μ = x² (the eigenvalues of Σ31Σ31ᵀ when x are its
 * singular values), ρ(√μ)/(2√μ) on [σ²(1 − √A)², σ²(1 + √A)²] by the Jacobian dx/dμ = 1/(2√μ), §4.1.
 */
export function mpEigenvalueDensity(mu: number, aspect: number, scale: number): number {
  if (!Number.isFinite(mu)) throw new RangeError(`mu must be a finite number, got ${mu}`);
  if (mu < 0) return 0;
  const x = Math.sqrt(mu);
  const rho = mpDensity(x, aspect, scale);
  return rho === 0 ? 0 : rho / (2 * x);
}

/** The eigenvalue edges σ²(1 ∓ √A)² of (4.1) in the convention μ = x², §4.1. */
export function mpEigenvalueEdges(aspect: number, scale: number): { lower: number; upper: number } {
  const { lower, upper } = mpEdges(aspect, scale);
  return { lower: lower * lower, upper: upper * upper };
}
