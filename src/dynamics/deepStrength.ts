import { safeguardedNewton, type ValueAndSlope } from '../numerics/safeguardedNewton.js';
import { closedFormSegment, decaySeries, type PathPoint } from './deepTime.js';

/**
 * Strength and time of a mode of a deep student (D_w = m ≥ 3), in dimensionless time T = t·c/τ
 * with target S = ŝ/c: dT/ds = 1/(m s^p (S − s)), p = 2 − 2/m, s(0) = ε (3.6)–(3.7), §3.3.
 *
 * Every time is a segment from the start ε, evaluated from ln(s/ε) in the difference form of
 * `closedFormSegment` (or the w-series), so T(ε) = 0 exactly and T is accurate relative to itself
 * near the start. The inversions search in a variable that is exactly 0 at their start point and
 * from which ln(s/ε) follows without cancellation:
 *   escape (ε < S/2, y = s/S ≤ ½):  δ = 1 − (s/ε)^{(2−m)/m}, T nearly linear in δ (dT/dδ varies ≤ 2×);
 *   logit (y ≥ ½, or from ε when ε ≥ S/2):  ζ = z − z_start with z = ln(y/(1 − y)), dT/dζ = y^{1−p}/(m S^p);
 *   decaying (S < ε):  ρ = ln((ε − S)/(s − S)), dT/dρ = 1/(m s^p).
 * T is convex in δ and ρ and concave in ζ, so Newton from the tangent at the start converges
 * monotonically (safeguarded by bisection). No lookup tables (§12 D3).
 */

/** Largest logit used: 1 − y = e^{−40} is below float64 resolution of s = S·y. */
const Z_MAX = 40;
/** The decaying branch uses the w-series while y = s/S ≥ 0.9^{−m}. */
const W_SERIES = 0.9;

/** ln(a/b) for a, b > 0, without cancellation when a ≈ b. */
function lnRatio(a: number, b: number): number {
  const d = a - b;
  if (Math.abs(d) <= 0.5 * b) return Math.log1p(d / b);
  const q = a / b;
  return q > 1e-300 && q < 1e300 ? Math.log(q) : Math.log(a) - Math.log(b);
}

/** S^{−p}·x without overflowing when S^{−p} alone would (x ≥ 0). */
function unscale(x: number, lnS: number, p: number): number {
  const f = Math.exp(-p * lnS);
  return Number.isFinite(f) || x <= 0 ? x * f : Math.exp(Math.log(x) - p * lnS);
}

/**
 * Safeguarded Newton followed by one plain Newton step (kept only inside the bracket): the
 * safeguarded iteration may stop right after a bisection step, with an error up to its step
 * tolerance 1e-14(1 + |x|); the extra step makes the error quadratic in that.
 */
function polishedNewton(fdf: ValueAndSlope, lo: number, hi: number, x0: number): number {
  const x = safeguardedNewton(fdf, lo, hi, x0);
  const { f, df } = fdf(x);
  const next = x - f / df;
  return next >= lo && next <= hi ? next : x;
}

/** A mode's strength s and its shortfall S − s from the limit, the latter accurate even when s ≈ S. */
export interface ModeState {
  readonly strength: number;
  readonly shortfall: number;
}

/** A growing mode (S > ε): its start point, in y = s/S. */
interface Growth {
  readonly m: number;
  readonly p: number;
  readonly eps: number;
  readonly big: number;
  readonly lnS: number;
  readonly start: PathPoint;
}

function growth(big: number, eps: number, m: number): Growth {
  const gap = (big - eps) / big;
  const q = eps / big;
  const lnY = gap < 0.5 ? Math.log1p(-gap) : q > 1e-300 ? Math.log(q) : Math.log(eps) - Math.log(big);
  return { m, p: 2 - 2 / m, eps, big, lnS: Math.log(big), start: { lnY, gap } };
}

/** The path point with ln(s/S) = lnY of a growing mode. */
function growthPoint(lnY: number): PathPoint {
  return { lnY, gap: -Math.expm1(lnY) };
}

/** T from ε to the point `to`, dLnY = ln(s/ε) (growing mode). */
function growthTime(g: Growth, to: PathPoint, dLnY: number): number {
  return unscale(closedFormSegment(g.start, to, g.m, dLnY), g.lnS, g.p);
}

/** A decaying mode (0 < S < ε): its start point and the constants of ρ = ln((ε − S)/(s − S)). */
interface Decay {
  readonly m: number;
  readonly p: number;
  readonly eps: number;
  readonly big: number;
  readonly lnS: number;
  readonly lnEps: number;
  /** ε − S. */
  readonly d0: number;
  /** q0 = (ε − S)/S and its logarithm (q0 may overflow for subnormal S; its logarithm does not). */
  readonly q0: number;
  readonly lnQ0: number;
  readonly start: PathPoint;
  /** Where the w-series hands over to the closed form, y* = 0.9^{−m}. */
  readonly star: PathPoint;
  /** T of the series stretch from ε down to S·y* (0 when ε is already below it). */
  readonly seriesToStar: number;
}

function decay(big: number, eps: number, m: number): Decay {
  const p = 2 - 2 / m;
  const lnS = Math.log(big);
  const lnEps = Math.log(eps);
  const d0 = eps - big;
  const q0 = d0 / big;
  const lnQ0 = Math.log(d0) - lnS;
  const lnY0 = q0 < 1e300 ? Math.log1p(q0) : lnEps - lnS;
  const lnYStar = -m * Math.log(W_SERIES);
  const star: PathPoint = { lnY: lnYStar, gap: Math.expm1(lnYStar) };
  const seriesToStar = lnY0 > lnYStar ? decaySeries(lnS + lnYStar, lnYStar, lnY0 - lnYStar, m) : 0;
  return { m, p, eps, big, lnS, lnEps, d0, q0, lnQ0, start: { lnY: lnY0, gap: q0 }, star, seriesToStar };
}

/** T from ε down to the point `to` (y = s/S > 1), given dLnY = ln(s/ε) ≤ 0 (decaying mode). */
function decayTime(d: Decay, to: PathPoint, dLnY: number): number {
  if (d.start.lnY <= d.star.lnY) return unscale(closedFormSegment(d.start, to, d.m, dLnY), d.lnS, d.p);
  if (to.lnY >= d.star.lnY) return decaySeries(d.lnEps + dLnY, to.lnY, -dLnY, d.m);
  return d.seriesToStar + unscale(closedFormSegment(d.star, to, d.m), d.lnS, d.p);
}

/** The decaying mode's point at ρ ≥ 0: ln(s/ε), the path point and s − S = (ε − S)e^{−ρ}. */
function decayAt(d: Decay, rho: number): { dLnY: number; to: PathPoint; excess: number } {
  const e = Math.exp(-rho);
  const excess = d.d0 * e;
  const lnGap = d.lnQ0 - rho;
  const gap = d.q0 < 1e300 ? d.q0 * e : Math.exp(lnGap);
  const lnY = lnGap > 30 ? lnGap + Math.log1p(Math.exp(-lnGap)) : Math.log1p(gap);
  // s/ε = 1 − (ε − S)/ε·(1 − e^{−ρ}): log1p while s ≥ ε/2, else the logarithm of the ratio.
  const drop = (d.d0 / d.eps) * -Math.expm1(-rho);
  const dLnY = drop <= 0.5 ? Math.log1p(-drop) : lnRatio(d.big + excess, d.eps);
  return { dLnY, to: { lnY, gap }, excess };
}

/** Dimensionless time T to go from ε to s (s strictly between ε and S, or s = ε), m ≥ 3 (3.7), §3.3. */
export function deepTime(s: number, big: number, eps: number, m: number): number {
  if (s === eps) return 0;
  const p = 2 - 2 / m;
  if (big === 0) return (Math.exp(-p * Math.log(eps)) * Math.expm1(p * Math.log(eps / s))) / (2 * m - 2);
  const dLnY = lnRatio(s, eps);
  if (big > eps) {
    const gap = (big - s) / big;
    return growthTime(growth(big, eps, m), { lnY: gap < 0.5 ? Math.log1p(-gap) : lnRatio(s, big), gap }, dLnY);
  }
  const d = decay(big, eps, m);
  const gap = (s - big) / big;
  return decayTime(d, { lnY: gap < 1e300 ? Math.log1p(gap) : Math.log(s) - d.lnS, gap }, dLnY);
}

/** Strength and shortfall at dimensionless time T ≥ 0 (T = t·c/τ), target S ≥ 0, m ≥ 3 (3.6)–(3.7), §3.3. */
export function deepSolve(time: number, big: number, eps: number, m: number): ModeState {
  if (time === 0 || big === eps) return { strength: eps, shortfall: big - eps };
  if (time === Infinity) return { strength: big, shortfall: 0 };
  const p = 2 - 2 / m;
  if (big === 0) {
    const s = eps * Math.exp(-Math.log1p(p * m * time * Math.exp(p * Math.log(eps))) / p);
    return { strength: s, shortfall: -s };
  }
  return big > eps ? growthSolve(time, growth(big, eps, m)) : decaySolve(time, decay(big, eps, m));
}

/** Strength at dimensionless time T ≥ 0 (T = t·c/τ), target S ≥ 0, m ≥ 3 (3.6)–(3.7), §3.3. */
export function deepStrength(time: number, big: number, eps: number, m: number): number {
  return deepSolve(time, big, eps, m).strength;
}

/**
 * Decaying mode: Newton in ρ = ln((ε − S)/(s − S)) ∈ [0, ρ_max] (s − S = (ε − S)e^{−ρ}), where
 * dT/dρ = 1/(m s^p) grows as s falls (T convex), from the tangent at ρ = 0. Beyond ρ_max, where
 * s − S = S·e^{−40} is below the resolution of s, the limit S is returned.
 */
function decaySolve(time: number, d: Decay): ModeState {
  const rhoMax = Z_MAX + d.lnQ0;
  const state = (rho: number) => {
    const at = decayAt(d, rho);
    const strength = at.dLnY >= -Math.LN2 ? d.eps + d.d0 * Math.expm1(-rho) : d.big + at.excess;
    return { strength, shortfall: -at.excess };
  };
  const timeAt = (rho: number) => {
    const at = decayAt(d, rho);
    return { at, t: decayTime(d, at.to, at.dLnY) };
  };
  if (timeAt(rhoMax).t <= time) return state(rhoMax);
  const fdf = (rho: number) => {
    const { at, t } = timeAt(rho);
    return { f: t - time, df: Math.exp(-d.p * (d.lnEps + at.dLnY)) / d.m };
  };
  // Both starts lie right of the root: the tangent at ρ = 0 (T is convex) and the ŝ = 0 solution
  // s0 = (ε^{−p} + p·m·T)^{−1/p}, which falls faster than the true s (the drive ŝ − cs only slows it).
  const tangent = d.m * Math.exp(d.p * d.lnEps) * time;
  const s0 = d.eps * Math.exp(-Math.log1p(d.p * d.m * time * Math.exp(d.p * d.lnEps)) / d.p);
  const rho0 = s0 > d.big ? Math.min(tangent, lnRatio(d.d0, s0 - d.big)) : tangent;
  return state(polishedNewton(fdf, 0, rhoMax, rho0));
}

/**
 * Growing mode: during the escape (ε < S/2, y ≤ ½) Newton in δ = 1 − (s/ε)^{(2−m)/m}, where
 * dT/dδ = g0/((m − 2)S^p(1 − y)), g0 = (ε/S)^{(2−m)/m}, varies by at most 2×; afterwards (or from ε
 * when ε ≥ S/2) Newton in ζ = z − z_start, z the logit of y, where dT/dζ = y^{1−p}/(m S^p) varies by at
 * most 2× for y ≥ ½. Both start from the tangent at their start point.
 */
function growthSolve(time: number, g: Growth): ModeState {
  const { m, p, eps, big, lnS } = g;
  const sp = Math.exp(p * lnS);
  const lnY0 = g.start.lnY;
  const fromHalf = eps < big / 2;
  const half = growthPoint(-Math.LN2);
  const atHalf = fromHalf ? growthTime(g, half, -Math.LN2 - lnY0) : 0;
  if (fromHalf && time <= atHalf) {
    const k = m / (2 - m); // ln(s/ε) = k·ln(1 − δ)
    const g0 = Math.exp(lnY0 / k);
    const deltaHalf = -Math.expm1((-Math.LN2 - lnY0) / k);
    const at = (delta: number) => {
      const dLnY = k * Math.log1p(-delta);
      return { dLnY, to: growthPoint(lnY0 + dLnY) };
    };
    const fdf = (delta: number) => {
      const { dLnY, to } = at(delta);
      return { f: growthTime(g, to, dLnY) - time, df: g0 / ((m - 2) * sp * to.gap) };
    };
    const delta = polishedNewton(fdf, 0, deltaHalf, ((m - 2) * sp * g.start.gap * time) / g0);
    const { dLnY, to } = at(delta);
    return { strength: eps * Math.exp(dLnY), shortfall: big * to.gap };
  }
  // Logit stretch from z_start (0 at the half point, logit(ε/S) from ε): e^{−z} = u·e^{−ζ}.
  const from = fromHalf ? half : g.start;
  const u = fromHalf ? 1 : (big - eps) / eps;
  const tFrom = atHalf;
  const at = (zeta: number) => {
    const e = u * Math.exp(-zeta);
    const dLnY = Math.log1p((u * -Math.expm1(-zeta)) / (1 + e)); // ln(y/y_start)
    return { e, dLnY, to: { lnY: -Math.log1p(e), gap: e / (1 + e) } };
  };
  const timeAt = (zeta: number) => {
    const a = at(zeta);
    return { a, t: tFrom + unscale(closedFormSegment(from, a.to, m, a.dLnY), lnS, p) };
  };
  const state = (zeta: number): ModeState => {
    const a = at(zeta);
    const strength = !fromHalf && a.to.gap >= 0.5 * g.start.gap ? eps * Math.exp(a.dLnY) : big / (1 + a.e);
    return { strength, shortfall: big * a.to.gap };
  };
  const zetaMax = Z_MAX + Math.log(u);
  if (timeAt(zetaMax).t <= time) return { strength: big, shortfall: big * at(zetaMax).to.gap };
  const fdf = (zeta: number) => {
    const { a, t } = timeAt(zeta);
    return { f: t - time, df: Math.exp((1 - p) * a.to.lnY - p * lnS) / m };
  };
  const yFrom = Math.exp(from.lnY);
  return state(polishedNewton(fdf, 0, zetaMax, m * sp * Math.pow(yFrom, p - 1) * (time - tFrom)));
}
