import fc from 'fast-check';

/** A 31-bit seed for drawing matrices; never shrunk (shrinking acts on the spec, not on matrix entries). */
export function arbSeed(): fc.Arbitrary<number> {
  return fc.noShrink(fc.integer({ min: 0, max: 2 ** 31 - 1 }));
}

/** A value log-uniform on [min, max] (shrinks toward min). */
export function arbLogUniform(min: number, max: number): fc.Arbitrary<number> {
  if (!(min > 0) || !(max >= min)) throw new RangeError(`arbLogUniform: need 0 < min ≤ max, got min=${min}, max=${max}`);
  if (min === max) return fc.constant(min);
  const lo = Math.log(min);
  const hi = Math.log(max);
  return fc.double({ min: 0, max: 1, noNaN: true }).map((u) => Math.min(max, Math.max(min, Math.exp(lo + u * (hi - lo)))));
}

/** A fraction in [min, max] ⊂ [0, 1] (shrinks toward min). */
export function arbFraction(min = 0, max = 1): fc.Arbitrary<number> {
  if (!(min >= 0 && max <= 1 && min <= max)) throw new RangeError(`arbFraction: need 0 ≤ min ≤ max ≤ 1, got ${min}, ${max}`);
  return fc.double({ min, max, noNaN: true });
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
