/** Argument checks shared by the random-matrix functions: a clear RangeError naming the argument and its range. */

/** Throws unless 0 < aspect ≤ 1 (transpose first when N3 > N1), §0.3. */
export function assertAspect(aspect: number, name = 'aspect'): void {
  if (!(Number.isFinite(aspect) && aspect > 0 && aspect <= 1)) {
    throw new RangeError(`${name} must be a number in (0, 1] (transpose when N3 > N1, §0.3), got ${aspect}`);
  }
}

/**
 * The A ≤ 1 form of a spiked model with aspect A = N3/N1 and noise scale σ (variance σ²/N1), §0.3:
 * for A > 1 the problem is transposed, A → 1/A, and the noise scale becomes σ√A (its variance is still
 * normalised by N1, so per entry it is (σ√A)²/N3). Throws for a non-finite or non-positive aspect.
 */
export function canonicalAspect(
  aspect: number,
  scale: number,
  name = 'aspect',
): { aspect: number; scale: number; transposed: boolean } {
  if (!(Number.isFinite(aspect) && aspect > 0))
    throw new RangeError(`${name} must be a finite number > 0 (N3/N1), got ${aspect}`);
  assertScale(scale, 'scale');
  return aspect <= 1
    ? { aspect, scale, transposed: false }
    : { aspect: 1 / aspect, scale: scale * Math.sqrt(aspect), transposed: true };
}

/** Throws unless scale is a finite number ≥ 0 (σ_z = 0 is allowed: the bulk collapses to 0), §4. */
export function assertScale(scale: number, name = 'noiseStd'): void {
  if (!(Number.isFinite(scale) && scale >= 0))
    throw new RangeError(`${name} must be a finite number ≥ 0, got ${scale}`);
}

/** Throws unless x is a finite number ≥ 0 (singular values), §4. */
export function assertNonNegative(x: number, name: string): void {
  if (!(Number.isFinite(x) && x >= 0)) throw new RangeError(`${name} must be a finite number ≥ 0, got ${x}`);
}

/** Throws unless p is a probability level in [0, 1] (CDF levels), §4.1. */
export function assertLevel(p: number, name: string): void {
  if (!(Number.isFinite(p) && p >= 0 && p <= 1)) throw new RangeError(`${name} must be a number in [0, 1], got ${p}`);
}
