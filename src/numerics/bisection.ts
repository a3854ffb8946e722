/** Bisection on a monotone predicate. A leaf module: it imports nothing from the rest of dlgen. */

/** Options of `bisect`. */
export interface BisectOptions {
  /** Stop once hi − lo ≤ xRelTol·|hi|. Default 0: to adjacent floats (the last bit). */
  readonly xRelTol?: number;
  readonly maxIter?: number;
}

/**
 * Shrinks [lo, hi] around the point where `below(x)` switches from true (left) to false
 * (right): each step evaluates the midpoint and keeps the half that still contains the switch.
 * Stops at xRelTol, when the midpoint is no longer strictly inside (adjacent floats), or after
 * maxIter (default 200) steps. Returns the final bracket; `below(lo)` and `!below(hi)` hold
 * whenever they held on entry.
 */
export function bisect(
  below: (x: number) => boolean,
  lo: number,
  hi: number,
  options: BisectOptions = {},
): { lo: number; hi: number } {
  const xRelTol = options.xRelTol ?? 0;
  const maxIter = options.maxIter ?? 200;
  if (!(lo <= hi)) throw new RangeError(`bisect: need lo ≤ hi, got [${lo}, ${hi}]`);
  for (let i = 0; i < maxIter && hi - lo > xRelTol * Math.abs(hi); i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (below(mid)) lo = mid;
    else hi = mid;
  }
  return { lo, hi };
}
