import fc from 'fast-check';
import { arbFraction, arbInt, fractionToInt } from './primitives.js';

/** Input and output dimensions of a task. */
export interface Dims {
  readonly inputDim: number;
  readonly outputDim: number;
}

/** Constraints of `arbDims`; every field has a default and is checked when the arbitrary is built. */
export interface DimsConstraints {
  /** Smallest N3. @defaultValue 1 */
  readonly minOutputDim?: number;
  /** Largest N3. @defaultValue 20 */
  readonly maxOutputDim?: number;
  /** Smallest aspect ratio A = N3/N1 (so N1 ≤ N3/minAspect). @defaultValue 0.25 */
  readonly minAspect?: number;
  /** Largest aspect ratio A = N3/N1. @defaultValue 1 */
  readonly maxAspect?: number;
}

/** Draws N3, then N1 so that A = N3/N1 lies in [minAspect, maxAspect] (N3 ≤ N1, §0.3); shrinks toward small, square problems. */
export function arbDims(c: DimsConstraints = {}): fc.Arbitrary<Dims> {
  const { minOutputDim = 1, maxOutputDim = 20, minAspect = 0.25, maxAspect = 1 } = c;
  arbInt('minOutputDim..maxOutputDim', minOutputDim, maxOutputDim);
  if (!(minOutputDim >= 1)) throw new RangeError(`arbDims: minOutputDim must be ≥ 1, got ${minOutputDim}`);
  if (!(minAspect > 0 && minAspect <= maxAspect && maxAspect <= 1)) {
    throw new RangeError(`arbDims: need 0 < minAspect ≤ maxAspect ≤ 1, got ${minAspect}, ${maxAspect}`);
  }
  return fc.record({ n3: fc.integer({ min: minOutputDim, max: maxOutputDim }), f: arbFraction() }).map(({ n3, f }) => {
    const lo = Math.ceil(n3 / maxAspect);
    const hi = Math.max(lo, Math.floor(n3 / minAspect));
    return { outputDim: n3, inputDim: fractionToInt(f, lo, hi) };
  });
}
