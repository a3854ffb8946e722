import { brentRoot } from '../theory/numerics/brent.js';
import { safeguardedNewton } from '../theory/numerics/safeguardedNewton.js';
import { closedFormSegment, decaySeries, type PathPoint } from './deepTime.js';

/**
 * Strength and time of a mode of a deep student (D_w = m ≥ 3), in dimensionless time T = t·c/τ
 * with target S = ŝ/c: dT/ds = 1/(m s^p (S − s)), p = 2 − 2/m, s(0) = ε (3.6)–(3.7), §3.3.
 * Growing modes (S > ε) are inverted by safeguarded Newton in the logit z = ln(y/(1 − y)), y = s/S,
 * where dT/dz = y^{1−p}/(m S^p) is smooth and T is concave; decaying ones (S < ε) by Brent in
 * r = ln(y − 1). No lookup tables (§12 D3).
 */

/** Largest logit used: 1 − y = e^{−40} is below float64 resolution of s = S·y. */
const Z_MAX = 40;
/** The decaying branch uses the w-series while (S/s)^{1/m} ≤ W_SERIES. */
const W_SERIES = 0.9;

function growthPoint(z: number): PathPoint {
  return { lnY: -Math.log1p(Math.exp(-z)), gap: 1 / (1 + Math.exp(z)) };
}

/** T from ε to the growing-mode point at logit z (S > ε). */
function growthTimeAt(z: number, lnS: number, eps: number, big: number, m: number): number {
  const p = 2 - 2 / m;
  const from: PathPoint = { lnY: Math.log(eps) - lnS, gap: (big - eps) / big };
  return Math.exp(-p * lnS) * closedFormSegment(from, growthPoint(z), m);
}

/** T from ε down to s for a decaying mode, 0 ≤ S < ε < …, given ln(s/S) and s/S − 1 (S > 0). */
function decayTimeAt(lnY: number, gap: number, lnS: number, eps: number, m: number): number {
  const p = 2 - 2 / m;
  const lnY0 = Math.log(eps) - lnS;
  const lnYStar = -m * Math.log(W_SERIES);
  const closed = (a: PathPoint, b: PathPoint) => Math.exp(-p * lnS) * closedFormSegment(a, b, m);
  const point0: PathPoint = { lnY: lnY0, gap: Math.expm1(lnY0) };
  const point: PathPoint = { lnY, gap };
  if (lnY0 <= lnYStar) return closed(point0, point);
  if (lnY >= lnYStar) return decaySeries(lnY0 + lnS, lnY + lnS, lnS, m);
  const star: PathPoint = { lnY: lnYStar, gap: Math.expm1(lnYStar) };
  return decaySeries(lnY0 + lnS, lnYStar + lnS, lnS, m) + closed(star, point);
}

/** Dimensionless time T to go from ε to s (s strictly between ε and S, or s = ε), m ≥ 3 (3.7), §3.3. */
export function deepTime(s: number, big: number, eps: number, m: number): number {
  if (s === eps) return 0;
  const p = 2 - 2 / m;
  if (big === 0) return (Math.exp(-p * Math.log(eps)) * Math.expm1(p * Math.log(eps / s))) / (2 * m - 2);
  const lnS = Math.log(big);
  if (big > eps) {
    return growthTimeAt(Math.log(s) - Math.log(big - s), lnS, eps, big, m);
  }
  return decayTimeAt(Math.log(s) - lnS, (s - big) / big, lnS, eps, m);
}

/** A mode's strength s and its shortfall S − s from the limit, the latter accurate even when s ≈ S. */
export interface ModeState {
  readonly strength: number;
  readonly shortfall: number;
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
  const lnS = Math.log(big);
  if (big > eps) return growthSolve(time, lnS, eps, big, m);
  // Decaying: r = ln(s/S − 1) runs from r0 (T = 0) down to −∞ (s → S).
  const r0 = Math.log(Math.expm1(Math.log(eps) - lnS));
  const timeAt = (r: number) => decayTimeAt(Math.log1p(Math.exp(r)), Math.exp(r), lnS, eps, m);
  const rMin = -Z_MAX;
  if (timeAt(rMin) <= time) return { strength: big, shortfall: -big * Math.exp(rMin) };
  const r = brentRoot((x) => timeAt(x) - time, rMin, r0);
  return { strength: big * (1 + Math.exp(r)), shortfall: -big * Math.exp(r) };
}

/** Strength at dimensionless time T ≥ 0 (T = t·c/τ), target S ≥ 0, m ≥ 3 (3.6)–(3.7), §3.3. */
export function deepStrength(time: number, big: number, eps: number, m: number): number {
  return deepSolve(time, big, eps, m).strength;
}

/**
 * Growing mode: T is nearly linear in g = y^{(2−m)/m} during the escape (y ≤ ½, where
 * dT/dg = −1/((m − 2)S^p(1 − y)) varies by at most 2×) and in the logit z afterwards (y ≥ ½, where
 * dT/dz = y^{1−p}/(m S^p) varies by at most 2×), so safeguarded Newton in the matching variable
 * converges in a few steps from the asymptotic starts g = g0 − (m − 2)S^p T and z = m S^p (T − T½).
 */
function growthSolve(time: number, lnS: number, eps: number, big: number, m: number): ModeState {
  const p = 2 - 2 / m;
  const sp = Math.exp(p * lnS);
  const lnY0 = Math.log(eps) - lnS;
  const from: PathPoint = { lnY: lnY0, gap: (big - eps) / big };
  const atHalf = Math.exp(-p * lnS) * closedFormSegment(from, { lnY: -Math.LN2, gap: 0.5 }, m);
  if (eps < big / 2 && time <= atHalf) {
    const k = m / (2 - m); // ln y = k ln g
    const g0 = Math.exp(lnY0 / k);
    const gHalf = Math.exp(-Math.LN2 / k);
    const fdf = (g: number) => {
      const lnY = k * Math.log(g);
      const gap = -Math.expm1(lnY);
      return {
        f: time - Math.exp(-p * lnS) * closedFormSegment(from, { lnY, gap }, m),
        df: 1 / ((m - 2) * sp * gap),
      };
    };
    const g = safeguardedNewton(fdf, gHalf, g0, g0 - (m - 2) * sp * time);
    const lnY = k * Math.log(g);
    return { strength: big * Math.exp(lnY), shortfall: -big * Math.expm1(lnY) };
  }
  if (growthTimeAt(Z_MAX, lnS, eps, big, m) <= time) return { strength: big, shortfall: big / (1 + Math.exp(Z_MAX)) };
  const zLo = eps < big / 2 ? 0 : lnY0 - Math.log1p(-eps / big);
  const tLo = eps < big / 2 ? atHalf : 0;
  const fdf = (z: number) => {
    const lnY = -Math.log1p(Math.exp(-z));
    return { f: growthTimeAt(z, lnS, eps, big, m) - time, df: Math.exp((1 - p) * lnY - p * lnS) / m };
  };
  const z = safeguardedNewton(fdf, zLo, Z_MAX, zLo + m * sp * (time - tLo));
  return { strength: big / (1 + Math.exp(-z)), shortfall: big / (1 + Math.exp(z)) };
}
