import type { QuadratureResult } from '../numerics/integrate.js';
import { integrateVector, type VectorQuadratureResult } from '../numerics/integrateVector.js';
import { mpLambdaOfTheta, mpThetaOf, mpThetaWeight } from './marchenkoPastur.js';
import { mpCdfOfTheta, mpQuantileTheta } from './mpCdf.js';
import { assertAspect, assertLevel, assertScale } from './validate.js';

/** One end of a sub-interval of the bulk: a point x, a mass level (CDF value) in [0, 1], or an angle θ ∈ [0, π]. */
export type BulkLimit = { readonly x: number } | { readonly mass: number } | { readonly theta: number };

/** Options of `bulkIntegral`. */
export interface BulkIntegralOptions {
  /** Lower end (default: the lower edge). */
  readonly from?: BulkLimit;
  /** Upper end (default: the upper edge). */
  readonly to?: BulkLimit;
  /** Bulk points x where f changes fast (e.g. the sigmoid front of §5.4); mapped to θ. */
  readonly breakpoints?: readonly number[];
  /** Absolute tolerance in units of f (default 0: relative only). */
  readonly absTol?: number;
  /** Relative tolerance (default 1e-12). */
  readonly relTol?: number;
  readonly maxIntervals?: number;
}

/** θ of a bulk limit. */
function thetaOf(limit: BulkLimit | undefined, fallback: number, aspect: number, scale: number, name: string): number {
  if (limit === undefined) return fallback;
  if ('theta' in limit) {
    if (!(limit.theta >= 0 && limit.theta <= Math.PI))
      throw new RangeError(`${name}.theta must be in [0, π], got ${limit.theta}`);
    return limit.theta;
  }
  if ('mass' in limit) {
    assertLevel(limit.mass, `${name}.mass`);
    return mpQuantileTheta(limit.mass, aspect);
  }
  if (!Number.isFinite(limit.x)) throw new RangeError(`${name}.x must be a finite number, got ${limit.x}`);
  return mpThetaOf(limit.x, aspect, scale);
}

/**
 * ∫ f(x) ρ_{A,σ}(x) dx over the bulk or a sub-interval, as ∫ f(σ√λ(θ)) 2sin²θ/(πλ(θ)) dθ with
 * adaptive Gauss–Kronrod (smooth integrand, no edge singularities). σ = 0 is the point mass at 0:
 * the result is f(0) times the mass of the interval, without dividing by σ. §4.1, §5.4.
 */
export function bulkIntegral(
  f: (x: number) => number,
  aspect: number,
  scale: number,
  options: BulkIntegralOptions = {},
): QuadratureResult {
  const r = bulkIntegralVector(
    (x, o) => {
      o[0] = f(x);
    },
    1,
    aspect,
    scale,
    options,
  );
  return {
    value: r.values[0],
    errorEstimate: r.errorEstimates[0],
    intervals: r.intervals,
    evaluations: 21 * r.intervals,
    converged: r.converged,
  };
}

/**
 * The vector-valued form of `bulkIntegral`: f writes `dim` components into `out` at each bulk
 * point, all integrated on one adaptive θ-mesh (each component to its own tolerance), §4.1, §5.4.
 */
export function bulkIntegralVector(
  f: (x: number, out: Float64Array) => void,
  dim: number,
  aspect: number,
  scale: number,
  options: BulkIntegralOptions = {},
): VectorQuadratureResult {
  assertAspect(aspect);
  assertScale(scale, 'scale');
  const t0 = thetaOf(options.from, 0, aspect, scale, 'from');
  const t1 = thetaOf(options.to, Math.PI, aspect, scale, 'to');
  if (t1 <= t0)
    return { values: new Float64Array(dim), errorEstimates: new Float64Array(dim), intervals: 0, converged: true };
  if (scale === 0) {
    const mass = mpCdfOfTheta(t1, aspect) - mpCdfOfTheta(t0, aspect);
    const values = new Float64Array(dim);
    f(0, values);
    for (let c = 0; c < dim; c++) {
      if (!Number.isFinite(values[c]))
        throw new RangeError(`integrand component ${c} is not finite (${values[c]}) at x = 0`);
      values[c] *= mass;
    }
    return { values, errorEstimates: new Float64Array(dim), intervals: 0, converged: true };
  }
  const breakpoints = (options.breakpoints ?? [])
    .filter((x) => Number.isFinite(x))
    .map((x) => mpThetaOf(x, aspect, scale))
    .filter((th) => th > t0 && th < t1);
  const g = (theta: number, out: Float64Array) => {
    f(scale * Math.sqrt(mpLambdaOfTheta(theta, aspect)), out);
    const w = mpThetaWeight(theta, aspect);
    for (let c = 0; c < dim; c++) out[c] *= w;
  };
  return integrateVector(g, dim, t0, t1, {
    absTol: options.absTol ?? 0,
    relTol: options.relTol ?? 1e-12,
    maxIntervals: options.maxIntervals ?? 2000,
    breakpoints,
  });
}
