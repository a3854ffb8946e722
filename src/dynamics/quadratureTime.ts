import { integrate } from '../numerics/integrate.js';
import { assertModeDynamics, assertTarget, type ModeDynamics } from './modeDynamics.js';

/** ln(a/b) for a, b > 0, without cancellation when a ≈ b. */
function lnRatio(a: number, b: number): number {
  const d = a - b;
  return Math.abs(d) <= 0.5 * b ? Math.log1p(d / b) : Math.log(a) - Math.log(b);
}

/**
 * (3.7) by adaptive Gauss–Kronrod in the logarithm of u, an independent path for checking the
 * closed forms. The logarithmic singularity at u = S = ŝ/c is split off exactly:
 *   1/(u^p(S − u)) = (u^{−p} − S^{−p})/(S − u) + S^{−p}/(S − u),
 * the second part integrating to S^{−p} ln((S − ε)/(S − s)); the first is smooth. Each piece from a to
 * b is integrated over x = ln(u/a) ∈ [0, ln(b/a)] and the log part is formed as log1p of the relative
 * change of S − u, so neither loses digits when s is close to ε (tiny t). Needs S > 0, s strictly
 * between ε and S (3.7), §3.3.
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
  const sp = Math.exp(-p * Math.log(big));
  const tol = { relTol, absTol: 0, maxIntervals: 5000 };
  // Direct integrand u^{1−p}/(S − u) in x = ln(u/a), for stretches far from S.
  const direct = (a: number, b: number) => {
    const ap = Math.exp((1 - p) * Math.log(a));
    return integrate((x) => (ap * Math.exp((1 - p) * x)) / (big - a * Math.exp(x)), 0, lnRatio(b, a), tol).value;
  };
  // Near S: (u^{−p} − S^{−p})/(S − u)·u = S^{−p}·u·expm1(−pδ)/(−S·expm1(δ)), δ = ln(u/S), plus the exact log part.
  const nearS = (a: number, b: number) => {
    const d0 = lnRatio(a, big);
    const smooth = (x: number) => {
      const d = d0 + x;
      if (d === 0) return sp * p; // the limit
      return (sp * a * Math.exp(x) * Math.expm1(-p * d)) / (-big * Math.expm1(d));
    };
    // ln(|S − a|/|S − b|) with |S − b| = |S − a| − |b − a| (b lies between a and S).
    const ga = Math.abs(big - a);
    const r = Math.abs(b - a) / ga;
    const logPart = r <= 0.5 ? -Math.log1p(-r) : Math.log(ga) - Math.log(Math.abs(big - b));
    return integrate(smooth, 0, lnRatio(b, a), tol).value + sp * logPart;
  };
  let total: number;
  if (big > eps) {
    total = nearS(eps, s); // u ≤ S: u^{−p} ≥ S^{−p}, no cancellation
  } else {
    // Decaying: far above S the split would cancel catastrophically, so integrate directly down to 2S.
    const mid = 2 * big;
    total = s >= mid ? direct(eps, s) : eps > mid ? direct(eps, mid) + nearS(mid, s) : nearS(eps, s);
  }
  return ((o.tau / c) * total) / m;
}
