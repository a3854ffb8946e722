import { WG, WK, XK, type QuadratureOptions } from './integrate.js';

/** Result of `integrateVector`: one value and error estimate per component. */
export interface VectorQuadratureResult {
  readonly values: Float64Array;
  readonly errorEstimates: Float64Array;
  readonly intervals: number;
  readonly converged: boolean;
}

interface Piece {
  a: number;
  b: number;
  values: Float64Array;
  errors: Float64Array;
  /** Splitting stopped reducing its error at the rounding level: not split again. */
  frozen: boolean;
}

/**
 * Rounding floor: a split whose two halves together keep ≥ 99% of the parent's error estimate, while that
 * estimate is already below 1e-8 of the parent's value, is measuring integrand noise (e.g. a near-pole
 * amplifying the rounding of x), not discretisation error: the halves are frozen (QUADPACK's idea).
 */
export const ROUNDING_FLOOR = { retained: 0.99, relative: 1e-8 };

/**
 * ∫_a^b f(x) dx for a vector-valued f (written into `out`), by the same globally adaptive G10/K21
 * scheme as `integrate`, sharing every integrand evaluation between the components. Each component
 * must meet max(absTol, relTol·|value|); the piece with the largest tolerance-relative error is split, §5.4.
 */
export function integrateVector(
  f: (x: number, out: Float64Array) => void,
  dim: number,
  a: number,
  b: number,
  options: QuadratureOptions = {},
): VectorQuadratureResult {
  if (!(Number.isInteger(dim) && dim >= 1)) throw new RangeError(`dim must be an integer ≥ 1, got ${dim}`);
  if (!Number.isFinite(a) || !Number.isFinite(b) || b < a)
    throw new RangeError(`need finite limits a ≤ b, got [${a}, ${b}]`);
  const absTol = options.absTol ?? 1e-13;
  const relTol = options.relTol ?? 1e-11;
  const maxIntervals = options.maxIntervals ?? 2000;
  const buf = new Float64Array(dim);
  const fk = new Float64Array(dim);
  const gk = new Float64Array(dim);
  const evalAt = (x: number) => {
    f(x, buf);
    for (let c = 0; c < dim; c++)
      if (!Number.isFinite(buf[c]))
        throw new RangeError(`integrand component ${c} is not finite (${buf[c]}) at x = ${x}`);
  };
  const rule = (lo: number, hi: number): Piece => {
    const mid = 0.5 * (lo + hi);
    const h = 0.5 * (hi - lo);
    evalAt(mid);
    for (let c = 0; c < dim; c++) {
      fk[c] = WK[10] * buf[c];
      gk[c] = 0;
    }
    for (let i = 0; i < 10; i++) {
      const dx = h * XK[i];
      evalAt(mid - dx);
      const left = Float64Array.from(buf);
      evalAt(mid + dx);
      for (let c = 0; c < dim; c++) {
        const s = left[c] + buf[c];
        fk[c] += WK[i] * s;
        if (i % 2 === 1) gk[c] += WG[(i - 1) / 2] * s;
      }
    }
    const values = new Float64Array(dim);
    const errors = new Float64Array(dim);
    for (let c = 0; c < dim; c++) {
      values[c] = fk[c] * h;
      errors[c] = Math.abs((fk[c] - gk[c]) * h);
    }
    return { a: lo, b: hi, values, errors, frozen: false };
  };
  const cuts = [a, ...(options.breakpoints ?? []).filter((x) => x > a && x < b).sort((x, y) => x - y), b];
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) if (cuts[i + 1] > cuts[i]) pieces.push(rule(cuts[i], cuts[i + 1]));
  const values = new Float64Array(dim);
  const errors = new Float64Array(dim);
  const sum = () => {
    values.fill(0);
    errors.fill(0);
    for (const p of pieces) {
      for (let c = 0; c < dim; c++) {
        values[c] += p.values[c];
        errors[c] += p.errors[c];
      }
    }
  };
  const worstRatio = (): number => {
    let r = 0;
    for (let c = 0; c < dim; c++) r = Math.max(r, errors[c] / Math.max(absTol, relTol * Math.abs(values[c]), 1e-300));
    return r;
  };
  sum();
  while (worstRatio() > 1 && pieces.length < maxIntervals) {
    // Split the piece contributing most to the component furthest from its tolerance.
    let comp = 0;
    let compRatio = -1;
    for (let c = 0; c < dim; c++) {
      const r = errors[c] / Math.max(absTol, relTol * Math.abs(values[c]), 1e-300);
      if (r > compRatio) {
        compRatio = r;
        comp = c;
      }
    }
    let worst = -1;
    for (let i = 0; i < pieces.length; i++) {
      if (!pieces[i].frozen && (worst < 0 || pieces[i].errors[comp] > pieces[worst].errors[comp])) worst = i;
    }
    if (worst < 0) break; // only rounding-limited pieces are left
    const p = pieces[worst];
    const mid = 0.5 * (p.a + p.b);
    if (!(mid > p.a && mid < p.b)) {
      p.frozen = true;
      continue;
    }
    const left = rule(p.a, mid);
    const right = rule(mid, p.b);
    const noisy =
      left.errors[comp] + right.errors[comp] >= ROUNDING_FLOOR.retained * p.errors[comp] &&
      p.errors[comp] <= ROUNDING_FLOOR.relative * Math.abs(p.values[comp]);
    left.frozen = noisy;
    right.frozen = noisy;
    pieces[worst] = left;
    pieces.push(right);
    sum();
  }
  return { values, errorEstimates: errors, intervals: pieces.length, converged: worstRatio() <= 1 };
}
