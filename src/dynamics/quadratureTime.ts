import { integrate } from '../theory/numerics/integrate.js';
import { assertModeDynamics, assertTarget, type ModeDynamics } from './modeDynamics.js';

/**
 * (3.7) by adaptive Gauss–Kronrod after u = e^w, an independent path for checking the closed
 * forms. The logarithmic singularity at u = S = ŝ/c is split off exactly:
 *   1/(u^p(S − u)) = (u^{−p} − S^{−p})/(S − u) + S^{−p}/(S − u),
 * the second part integrating to S^{−p} ln((S − ε)/(S − s)); the first is smooth. Needs S > 0,
 * s strictly between ε and S (3.7), §3.3.
 */
export function timeToReachByQuadrature(s: number, sHat: number, o: ModeDynamics, relTol = 1e-13): number {
  assertModeDynamics(o);
  assertTarget(sHat, o);
  const c = o.inputScale ?? 1;
  const m = o.depth;
  const eps = o.initScale;
  const big = sHat / c;
  if (!(c > 0 && big > 0)) throw new RangeError(`timeToReachByQuadrature needs sHat > 0 and inputScale > 0`);
  if (!(Math.min(eps, big) <= s && s <= Math.max(eps, big) && s !== big)) {
    throw new RangeError(`s must lie between initScale ${eps} and ŝ/c = ${big} (exclusive), got ${s}`);
  }
  if (s === eps) return 0;
  const p = 2 - 2 / m;
  const lnS = Math.log(big);
  const sp = Math.exp(-p * lnS);
  const tol = { relTol, absTol: 0, maxIntervals: 5000 };
  // Direct integrand u^{1−p}/(S − u) in w = ln u, for stretches far from S.
  const direct = (w: number) => Math.exp((1 - p) * w) / (big - Math.exp(w));
  // Near S: (u^{−p} − S^{−p})/(S − u)·u = S^{−p}·u·expm1(−pδ)/(−S·expm1(δ)), δ = w − ln S, plus the exact log part.
  const smooth = (w: number) => {
    const d = w - lnS;
    if (d === 0) return sp * p; // the limit
    return (sp * Math.exp(w) * Math.expm1(-p * d)) / (-big * Math.expm1(d));
  };
  const nearS = (a: number, b: number) =>
    integrate(smooth, Math.log(a), Math.log(b), tol).value + sp * (Math.log(Math.abs(big - a)) - Math.log(Math.abs(big - b)));
  let total: number;
  if (big > eps) {
    total = nearS(eps, s); // u ≤ S: u^{−p} ≥ S^{−p}, no cancellation
  } else {
    // Decaying: far above S the split would cancel catastrophically, so integrate directly down to 2S.
    const mid = 2 * big;
    total = s >= mid ? integrate(direct, Math.log(eps), Math.log(s), tol).value
      : (eps > mid ? integrate(direct, Math.log(eps), Math.log(mid), tol).value + nearS(mid, s) : nearS(eps, s));
  }
  return ((o.tau / c) * total) / m;
}
