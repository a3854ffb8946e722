import fc from 'fast-check';

/** A 31-bit seed for drawing matrices; never shrunk (shrinking acts on the spec, not on matrix entries). */
export function arbSeed(): fc.Arbitrary<number> {
  return fc.noShrink(fc.integer({ min: 0, max: 2 ** 31 - 1 }));
}

/** Resolution of `arbUniform`: 2^30 equally spaced values. */
const STEPS = 2 ** 30;

/**
 * A value uniform on [min, max] at 2^30 equally spaced points (shrinks toward min). Unlike
 * fc.double({ min: 0, max: 1 }), which is uniform over float64 *representations* (its median is
 * ~1e-166 and it lands in [0.1, 0.9] 0.3% of the time), this is uniform in value; fast-check's
 * integer bias still puts ~12% of draws within 1e-3 of min and ~6% within 1e-3 of max.
 */
export function arbUniform(min = 0, max = 1): fc.Arbitrary<number> {
  if (!(Number.isFinite(min) && Number.isFinite(max) && min <= max))
    throw new RangeError(`arbUniform: need finite min ≤ max, got ${min}, ${max}`);
  if (min === max) return fc.constant(min);
  return fc.integer({ min: 0, max: STEPS }).map((i) => (i === STEPS ? max : min + (max - min) * (i / STEPS)));
}

/** A value log-uniform in value on [min, max] (0 < min ≤ max; shrinks toward min); see `arbUniform`. */
export function arbLogUniform(min: number, max: number): fc.Arbitrary<number> {
  if (!(min > 0 && max >= min && Number.isFinite(max)))
    throw new RangeError(`arbLogUniform: need 0 < min ≤ max, got min=${min}, max=${max}`);
  if (min === max) return fc.constant(min);
  const lo = Math.log(min);
  const hi = Math.log(max);
  return arbUniform().map((u) => Math.min(max, Math.max(min, Math.exp(lo + u * (hi - lo)))));
}

/** A fraction uniform in value on [min, max] ⊂ [0, 1] (shrinks toward min). */
export function arbFraction(min = 0, max = 1): fc.Arbitrary<number> {
  if (!(min >= 0 && max <= 1 && min <= max))
    throw new RangeError(`arbFraction: need 0 ≤ min ≤ max ≤ 1, got ${min}, ${max}`);
  return arbUniform(min, max);
}

/** Integer in [min, max] checked when the arbitrary is built. */
export function arbInt(name: string, min: number, max: number): fc.Arbitrary<number> {
  if (!Number.isInteger(min) || !Number.isInteger(max) || min > max) {
    throw new RangeError(`${name}: need integers min ≤ max, got min=${min}, max=${max}`);
  }
  return fc.integer({ min, max });
}

/** Scales a fraction in [0, 1] to an integer in [lo, hi]. */
export function fractionToInt(f: number, lo: number, hi: number): number {
  return Math.min(hi, lo + Math.floor(f * (hi - lo + 1)));
}
