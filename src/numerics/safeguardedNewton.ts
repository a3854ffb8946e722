/**
 * Newton's method with a bisection safeguard for an increasing function on a bracket
 * (Numerical Recipes' rtsafe idea, written for dlgen). A leaf module.
 */

/** Value and derivative of the function at x. */
export type ValueAndSlope = (x: number) => { readonly f: number; readonly df: number };

/** Options of `safeguardedNewton`. */
export interface NewtonOptions {
  /** Stop when a step is below xTol·(1 + |x|). Default 1e-14. */
  readonly xTol?: number;
  readonly maxIter?: number;
}

/**
 * Root of an increasing f on [lo, hi] with f(lo) ≤ 0 ≤ f(hi), starting at x0: Newton steps that
 * leave the bracket (or shrink it too slowly) are replaced by bisection, so it always converges, §3.3.
 */
export function safeguardedNewton(
  fdf: ValueAndSlope,
  lo: number,
  hi: number,
  x0: number,
  options: NewtonOptions = {},
): number {
  const xTol = options.xTol ?? 1e-14;
  const maxIter = options.maxIter ?? 200;
  if (!(lo <= hi)) throw new RangeError(`safeguardedNewton: need lo ≤ hi, got [${lo}, ${hi}]`);
  let x = Math.min(hi, Math.max(lo, x0));
  let dx = hi - lo;
  for (let iter = 0; iter < maxIter; iter++) {
    const { f, df } = fdf(x);
    if (f === 0) return x;
    if (Number.isNaN(f)) throw new RangeError(`safeguardedNewton: f is NaN at x = ${x}`);
    if (f < 0) lo = x;
    else hi = x;
    const newton = df > 0 && Number.isFinite(f) ? x - f / df : NaN;
    const dxOld = dx;
    if (!(newton > lo && newton < hi) || Math.abs(2 * f) > Math.abs(dxOld * df)) {
      // Newton would leave the bracket or is not halving the step: bisect.
      dx = 0.5 * (hi - lo);
      x = lo + dx;
    } else {
      dx = x - newton;
      x = newton;
    }
    if (Math.abs(dx) <= xTol * (1 + Math.abs(x)) || hi - lo <= xTol * (1 + Math.abs(x))) return x;
  }
  return x;
}
