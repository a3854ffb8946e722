import type { ModePoint } from '../../arbitraries/modePoint.js';
import { depthFourTime } from '../../dynamics/depthFourTime.js';
import type { ModeDynamics } from '../../dynamics/modeDynamics.js';
import { timeToReachByQuadrature } from '../../dynamics/quadratureTime.js';
import type { ModeDynamicsImpl } from '../../theory/checks/c3ClosedForms.js';
import { atMost, type Outcome } from '../claim.js';

/**
 * C3's items (THEORY.md §11 C3, §3.2–§3.3) at one point of a mode's dynamics, so that a claim can
 * check them over random points. `checkC3` in src/theory/checks runs the same items over a fixed
 * grid; the tolerances and their justifications are the same (restated at each item).
 */

const EPS = Number.EPSILON;
/** Below this, strengths approach the subnormal range and carry fewer than 53 bits: relative checks are skipped. */
const TINY = 1e-280;

function dynamicsOf(p: ModePoint): ModeDynamics {
  return { initScale: p.initScale, tau: p.tau, depth: p.depth, inputScale: p.inputScale };
}

function describe(p: ModePoint): string {
  return `D_w=${p.depth} ε=${p.initScale} τ=${p.tau} c=${p.inputScale} ŝ=${p.sHat} t=${p.t}`;
}

/** Right-hand side ds/dt of (3.6) with Σ11 = c·I: D_w s^{2−2/D_w}(ŝ − c·s)/τ. */
export function modeRate(s: number, p: ModePoint): number {
  return (p.depth * Math.pow(s, 2 - 2 / p.depth) * (p.sHat - p.inputScale * s)) / p.tau;
}

/**
 * Condition number κ = t|ṡ|/s of s(t): t itself is known to a relative eps, so s(t) cannot be
 * computed more accurately than κ·eps relative (ACCURACY.md §1 measures 4–6 κ·eps for the deep
 * inversion); every comparison between two computed strengths allows 64(1 + κ₁ + κ₂)·eps.
 */
export function strengthCondition(t: number, s: number, p: ModePoint): number {
  return s > 0 ? (t * Math.abs(modeRate(s, p))) / s : 0;
}

/**
 * Relative allowance when comparing two computed strengths: 64(1 + κ₁ + κ₂)eps for the conditioning
 * (see strengthCondition) plus 1e-12 for the solvers: the deep decaying branch (Brent in ln(s/S − 1))
 * returns s to ~1e-13 relative even where κ ≈ 0 (largest seen 1.3e-13, D_w = 3, ŝ/c ≪ ε).
 */
function comparisonAllowance(k1: number, k2: number): number {
  return 1e-12 + 64 * (1 + k1 + k2) * EPS;
}

/** s(t) is a finite number ≥ 0 (the no-NaN/∞ part of C3). */
export function finiteStrength(p: ModePoint, impl: ModeDynamicsImpl): Outcome {
  const s = impl.strength(p.t, p.sHat, dynamicsOf(p));
  const bad = Number.isFinite(s) && s >= 0 ? 0 : 1;
  return atMost(bad, 0, 0, `s(t) = ${s} must be finite and ≥ 0 at ${describe(p)}`);
}

/** s(0) = ε to 1e-14 relative (the closed forms start exactly at ε; a few ulp). */
export function startsAtInitScale(p: ModePoint, impl: ModeDynamicsImpl): Outcome {
  const s0 = impl.strength(0, p.sHat, dynamicsOf(p));
  return atMost(Math.abs(s0 - p.initScale) / p.initScale, 0, 1e-14, `s(0) = ${s0} vs ε at ${describe(p)}`);
}

/**
 * ODE residual of (3.3)/(3.6) by a 4th-order central difference with h = 1e-3·L, L = τ/(D_w s^{p−1}
 * max(ŝ, c·s)) the time over which s changes by O(1) relatively: truncation ~(h/L)⁴ = 1e-12 and
 * rounding ~1.5 eps L/h = 3e-13 of the rate scale s/L, and the rounding of the arguments t ± h
 * (≤ eps·t) adds ≈ 1.5 eps t/h; allowed 1e-9 + 3 eps t/h (checkC3's budget). Skipped (holds) for
 * t < 4h, where the stencil would leave [0, ∞) or need h ≪ L (rounding eps·L/h then dominates), and
 * for s < 1e-280 (near-subnormal values; L is formed in logarithms so that s^{p−1} cannot overflow).
 */
export function odeResidual(p: ModePoint, impl: ModeDynamicsImpl): Outcome {
  const o = dynamicsOf(p);
  const s = impl.strength(p.t, p.sHat, o);
  const q = 2 - 2 / p.depth;
  const lnDrive = Math.log(Math.max(p.sHat, p.inputScale * s));
  const local = p.tau / (p.depth * Math.exp((q - 1) * Math.log(s) + lnDrive));
  const h = 1e-3 * local;
  if (!(p.t >= 4 * h) || !(s >= TINY)) return atMost(Number.isFinite(s) ? 0 : 1, 0, 0, `s(t) = ${s} at ${describe(p)} (ODE residual skipped: t < 4h)`);
  const f = (x: number) => impl.strength(x, p.sHat, o);
  const fd = (-f(p.t + 2 * h) + 8 * f(p.t + h) - 8 * f(p.t - h) + f(p.t - 2 * h)) / (12 * h);
  const rateScale = (p.depth * Math.exp(q * Math.log(s) + lnDrive)) / p.tau;
  const allowed = 1e-9 + 3 * EPS * (p.t / h);
  const r = Math.abs(fd - modeRate(s, p)) / rateScale / allowed;
  return atMost(r, 0, 1, `(3.6) residual |ṡ_FD − D_w s^p(ŝ − cs)/τ| in units of (1e-9 + 3eps·t/h)·rate scale, at ${describe(p)}: ṡ_FD = ${fd}, rhs = ${modeRate(s, p)}`);
}

/**
 * Where the time of a strength is well conditioned: s at least 1e-3 relatively away from ε (near the
 * start dt/ds·δs/t ≈ eps·ε/|s − ε|, and the deep decaying branch loses up to ~5e-10 relative at
 * |s − ε|/ε ≤ 1e-4, 20× that limit; at 1e-3 both it and the quadrature are within ~6e-12) and at
 * least 1e-3 away from the limit ŝ/c (near saturation dt/ds diverges); never near-subnormal.
 */
function wellConditioned(s: number, p: ModePoint): boolean {
  const limit = p.sHat / p.inputScale;
  const eps = p.initScale;
  if (!(s >= TINY)) return false;
  return limit > eps ? s >= eps * (1 + 1e-3) && s <= limit * (1 - 1e-3) : s <= eps * (1 - 1e-3) && s >= limit * (1 + 1e-3);
}

/** t(s(t)) = t to 1e-9 relative (C3's "1e-8 to 1e-10") where the time is well conditioned; skipped (holds) elsewhere. */
export function roundTrip(p: ModePoint, impl: ModeDynamicsImpl): Outcome {
  const o = dynamicsOf(p);
  const s = impl.strength(p.t, p.sHat, o);
  if (!(p.t > 0 && wellConditioned(s, p))) return atMost(Number.isFinite(s) ? 0 : 1, 0, 0, `s(t) = ${s} at ${describe(p)} (round trip skipped)`);
  const back = impl.timeToReach(s, p.sHat, o);
  return atMost(Math.abs(back - p.t) / p.t, 0, 1e-9, `t(s(t)) = ${back} vs t at ${describe(p)} (s = ${s})`);
}

/**
 * s(t) → ŝ/c: at t = 1e300 epochs the strength equals the limit to 1e-14 relative (0 for ŝ = 0: to
 * 1e-14·ε absolute), where the dynamics have certainly converged by then: the slowest relaxation
 * rate D_w c (ŝ/c)^p/τ times 1e300 must exceed 1e4 (tiny ŝ on deep students relax more slowly
 * than that; skipped there).
 */
export function reachesLimit(p: ModePoint, impl: ModeDynamicsImpl): Outcome {
  const o = dynamicsOf(p);
  const big = 1e300;
  const s = impl.strength(big, p.sHat, o);
  const limit = p.sHat / p.inputScale;
  if (p.sHat === 0) return atMost(s / p.initScale, 0, 1e-14, `s(1e300) = ${s} must vanish (ŝ = 0) at ${describe(p)}`);
  const q = 2 - 2 / p.depth;
  const lnRelax = Math.log(p.depth * p.inputScale) + q * Math.log(limit) + Math.log(big / p.tau);
  if (!(lnRelax > Math.log(1e4))) return atMost(Number.isFinite(s) ? 0 : 1, 0, 0, `s(1e300) = ${s} at ${describe(p)} (limit skipped: not converged)`);
  return atMost(Math.abs(s - limit) / limit, 0, 1e-14, `s(1e300) = ${s} vs ŝ/c = ${limit} at ${describe(p)}`);
}

/**
 * Monotone in t: s moves toward ŝ/c, never back. Between t and t' = t + max(0.01t, 1e-3τ):
 * s(t') ≥ s(t) for growing modes, ≤ for decaying ones (ŝ/c < ε), up to the comparison allowance.
 */
export function monotoneInTime(p: ModePoint, impl: ModeDynamicsImpl): Outcome {
  const o = dynamicsOf(p);
  const t2 = p.t + Math.max(0.01 * p.t, 1e-3 * p.tau);
  const s1 = impl.strength(p.t, p.sHat, o);
  const s2 = impl.strength(t2, p.sHat, o);
  const sign = p.sHat / p.inputScale >= p.initScale ? 1 : -1;
  // Both may underflow toward 0 (D_w = 1, ŝ = 0 decays like e^{−ct/τ}): no relative comparison there.
  const back = s1 === s2 || Math.max(s1, s2) < TINY ? 0 : (sign * (s1 - s2)) / Math.max(s1, s2);
  const allowed = comparisonAllowance(strengthCondition(p.t, s1, p), strengthCondition(t2, s2, p));
  return atMost(back / allowed, 0, 1, `s moved away from ŝ/c between t and ${t2}: ${s1} → ${s2} (in units of the rounding allowance) at ${describe(p)}`);
}

/**
 * Order of strengths in ŝ at one time (§9.1; for every ŝ ≥ 0 by the comparison principle, since the
 * right-hand side of (3.6) increases with ŝ): for sLow ≤ sHigh, s(t; sHigh) ≥ s(t; sLow) up to the
 * comparison allowance. Returns the violation in units of the allowance (≤ 1 holds; NaN counts as +∞).
 */
export function strengthOrderViolation(t: number, sLow: number, sHigh: number, p: Omit<ModePoint, 'sHat' | 't'>, impl: Pick<ModeDynamicsImpl, 'strength'>): { ratio: number; low: number; high: number } {
  const o = dynamicsOf({ ...p, sHat: sLow, t });
  const low = impl.strength(t, sLow, o);
  const high = impl.strength(t, sHigh, o);
  const allowed = comparisonAllowance(strengthCondition(t, low, { ...p, sHat: sLow, t }), strengthCondition(t, high, { ...p, sHat: sHigh, t }));
  const excess = low === high || Math.max(low, high) < TINY ? 0 : (low - high) / Math.max(low, high);
  const ratio = excess / allowed;
  return { ratio: Number.isNaN(ratio) ? Infinity : ratio, low, high };
}

/** Monotone in ŝ at the point: s(t; 1.01ŝ + 1e-3cε) ≥ s(t; ŝ) up to the comparison allowance (see strengthOrderViolation). */
export function monotoneInTarget(p: ModePoint, impl: ModeDynamicsImpl): Outcome {
  const sHat2 = 1.01 * p.sHat + 1e-3 * p.inputScale * p.initScale;
  const v = strengthOrderViolation(p.t, p.sHat, sHat2, p, impl);
  return atMost(v.ratio, 0, 1, `s(t; ŝ) = ${v.low} > s(t; ${sHat2}) = ${v.high} (in units of the rounding allowance) at ${describe(p)}`);
}

/**
 * t½ strictly decreasing in ŝ once y = ŝ/(cε) > 4.6 (D_w = 2; the exact crossing of ln(y − 1) = y/(y − 1)
 * is 4.591): t½(1.05ŝ) < t½(ŝ) by at least 1e-6 relative (the true decrease over a 5% step is
 * ≥ 1.1e-4 relative for y ≥ 4.6, far above rounding). Holds trivially elsewhere.
 */
export function halfTimeDecreasing(p: ModePoint, impl: ModeDynamicsImpl): Outcome {
  if (!(p.depth === 2 && p.sHat / (p.inputScale * p.initScale) > 4.6)) return atMost(0, 0, 0, 'not applicable');
  const o = dynamicsOf(p);
  const t1 = impl.halfTime(p.sHat, o);
  const t2 = impl.halfTime(1.05 * p.sHat, o);
  return atMost((t2 - t1) / t1, -1e-6, 0, `t½(1.05ŝ) = ${t2} vs t½(ŝ) = ${t1} at ${describe(p)}`);
}

/**
 * The inverted time (3.7) as the library computes it, against independent paths at the strength
 * s(t): adaptive quadrature of (3.7) for every depth and, for D_w = 4 with c = 1, the authors' closed
 * form (3.8), both to 1e-10 relative (each side is accurate to ~1e-13, ACCURACY.md §3). Only where the
 * time is well conditioned (see wellConditioned) and not tiny against the mode's linear time scale
 * τ/(c D_w S^p), S = ŝ/c: the quadrature splits off S^{−p}ln((S − ε)/(S − s)), whose absolute rounding
 * eps·τ/(c D_w S^p) is 2e-12 relative for t ≥ 1e-4 of that scale. Skipped elsewhere.
 */
export function timeIntegralAgreement(p: ModePoint, impl: ModeDynamicsImpl): Outcome[] {
  const o = dynamicsOf(p);
  const limit = p.sHat / p.inputScale;
  const eps = p.initScale;
  const s = impl.strength(p.t, p.sHat, o);
  const linearScale = p.tau / (p.inputScale * p.depth * Math.pow(limit, 2 - 2 / p.depth));
  if (!(p.sHat > 0 && p.t > 0 && p.t >= 1e-4 * linearScale && wellConditioned(s, p))) return [atMost(Number.isFinite(s) ? 0 : 1, 0, 0, `s(t) = ${s} at ${describe(p)} (time-integral agreement skipped)`)];
  const t = impl.timeToReach(s, p.sHat, o);
  const out: Outcome[] = [];
  let quad: number;
  try {
    quad = timeToReachByQuadrature(s, p.sHat, o);
  } catch {
    quad = NaN;
  }
  out.push(atMost(Math.abs(t - quad) / quad, 0, 1e-10, `t(s) = ${t} vs quadrature of (3.7) ${quad} at ${describe(p)} (s = ${s})`));
  if (p.depth === 4 && p.inputScale === 1 && limit > eps) {
    const t4 = depthFourTime(s, p.sHat, eps, p.tau);
    out.push(atMost(Math.abs(t - t4) / t4, 0, 1e-10, `t(s) = ${t} vs the authors' (3.8) ${t4} at ${describe(p)} (s = ${s})`));
  }
  return out;
}
