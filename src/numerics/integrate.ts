/**
 * Globally adaptive Gauss–Kronrod quadrature (10-point Gauss embedded in 21-point Kronrod).
 * A leaf module: it imports nothing from the rest of dlgen, so src/rmt and src/dynamics can use it.
 */

/** Kronrod abscissae on [−1, 1] (non-negative half, descending); odd indices are the Gauss points. */
export const XK = [
  0.995657163025808080735527280689003, 0.973906528517171720077964012084452, 0.930157491355708226001207180059508,
  0.865063366688984510732096688423493, 0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
  0.562757134668604683339000099272694, 0.433395394129247190799265943165784, 0.294392862701460198131126603103866,
  0.14887433898163121088482600112972, 0,
];
/** Kronrod weights matching XK. */
export const WK = [
  0.011694638867371874278064396062192, 0.03255816230796472747881897245939, 0.05475589657435199603138130024458,
  0.07503967481091995276704314091619, 0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
  0.1234919762620658510772080249656, 0.134709217311473325928054001771707, 0.142775938577060080797094273138717,
  0.147739104901338491374841515972068, 0.149445554002916905664936468389821,
];
/** 10-point Gauss weights for XK[1], XK[3], …, XK[9]. */
export const WG = [
  0.066671344308688137593568809893332, 0.149451349150580593145776339657697, 0.219086362515982043995534934228163,
  0.269266719309996355091226921569469, 0.295524224714752870173892994651338,
];

/** Options of `integrate`. */
export interface QuadratureOptions {
  /** Stop when the error estimate is ≤ max(absTol, relTol·|value|). Default 1e-13. */
  readonly absTol?: number;
  /** Default 1e-11. */
  readonly relTol?: number;
  /** Largest number of subintervals (each costs 21 evaluations). Default 2000. */
  readonly maxIntervals?: number;
  /** Points inside (a, b) where the integrand changes fast (fronts, kinks); the first split happens there. */
  readonly breakpoints?: readonly number[];
}

/** Value and error estimate of an adaptive integral. */
export interface QuadratureResult {
  readonly value: number;
  /** Σ over subintervals of |K21 − G10|: for integrands analytic near each subinterval this exceeds the true error. */
  readonly errorEstimate: number;
  readonly intervals: number;
  readonly evaluations: number;
  /** False when maxIntervals was reached before the tolerance. */
  readonly converged: boolean;
}

interface Piece {
  a: number;
  b: number;
  value: number;
  error: number;
  /** Rounding-limited (see ROUNDING_FLOOR in integrateVector): not split again. */
  frozen?: boolean;
}

/** One 21-point Kronrod rule on [a, b] with its embedded 10-point Gauss estimate. */
function kronrod(f: (x: number) => number, a: number, b: number): Piece {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = check(f(c), c);
  let k = WK[10] * fc;
  let g = 0;
  for (let i = 0; i < 10; i++) {
    const dx = h * XK[i];
    const s = check(f(c - dx), c - dx) + check(f(c + dx), c + dx);
    k += WK[i] * s;
    if (i % 2 === 1) g += WG[(i - 1) / 2] * s;
  }
  return { a, b, value: k * h, error: Math.abs((k - g) * h) };
}

function check(v: number, x: number): number {
  if (!Number.isFinite(v)) throw new RangeError(`integrand is not finite (${v}) at x = ${x}`);
  return v;
}

/** ∫_a^b f(x) dx by globally adaptive Gauss–Kronrod (G10/K21) bisection of the worst subinterval (§4.1, §5.4). */
export function integrate(
  f: (x: number) => number,
  a: number,
  b: number,
  options: QuadratureOptions = {},
): QuadratureResult {
  if (!Number.isFinite(a) || !Number.isFinite(b))
    throw new RangeError(`integration limits must be finite, got [${a}, ${b}]`);
  const absTol = options.absTol ?? 1e-13;
  const relTol = options.relTol ?? 1e-11;
  const maxIntervals = options.maxIntervals ?? 2000;
  if (a === b) return { value: 0, errorEstimate: 0, intervals: 0, evaluations: 0, converged: true };
  const sign = b > a ? 1 : -1;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const cuts = [lo, ...(options.breakpoints ?? []).filter((x) => x > lo && x < hi).sort((x, y) => x - y), hi];
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) if (cuts[i + 1] > cuts[i]) pieces.push(kronrod(f, cuts[i], cuts[i + 1]));
  let value = 0;
  let error = 0;
  const total = () => {
    value = 0;
    error = 0;
    for (const p of pieces) {
      value += p.value;
      error += p.error;
    }
  };
  total();
  while (error > Math.max(absTol, relTol * Math.abs(value)) && pieces.length < maxIntervals) {
    let worst = -1;
    for (let i = 0; i < pieces.length; i++)
      if (!pieces[i].frozen && (worst < 0 || pieces[i].error > pieces[worst].error)) worst = i;
    if (worst < 0) break; // only rounding-limited pieces are left
    const p = pieces[worst];
    const mid = 0.5 * (p.a + p.b);
    if (!(mid > p.a && mid < p.b)) {
      p.frozen = true; // interval at floating-point resolution
      continue;
    }
    const left = kronrod(f, p.a, mid);
    const right = kronrod(f, mid, p.b);
    // Splitting that keeps ≥ 99% of an error already below 1e-8 of the value is measuring integrand noise.
    const noisy = left.error + right.error >= 0.99 * p.error && p.error <= 1e-8 * Math.abs(p.value);
    left.frozen = noisy;
    right.frozen = noisy;
    pieces[worst] = left;
    pieces.push(right);
    total();
  }
  const converged = error <= Math.max(absTol, relTol * Math.abs(value));
  return {
    value: sign * value,
    errorEstimate: error,
    intervals: pieces.length,
    evaluations: 21 * pieces.length,
    converged,
  };
}
