import { depthFourTime } from '../../dynamics/depthFourTime.js';
import { halfTime, modeStrength, timeToReach } from '../../dynamics/modeStrength.js';
import type { ModeDynamics } from '../../dynamics/modeDynamics.js';
import { timeToReachByQuadrature } from '../../dynamics/quadratureTime.js';
import { atMostOutcome, guarded, worstOutcome, type CheckOutcome } from './checkOutcome.js';
import { modeStiffness } from '../../dynamics/modeStiffness.js';

/** The mode-dynamics functions C3 examines; swap one for a planted bug to see the check fail. */
export interface ModeDynamicsImpl {
  readonly strength: (t: number, sHat: number, o: ModeDynamics) => number;
  readonly timeToReach: (s: number, sHat: number, o: ModeDynamics) => number;
  readonly halfTime: (sHat: number, o: ModeDynamics) => number;
}

/** The library's implementation. */
export const libraryModeDynamics: ModeDynamicsImpl = { strength: modeStrength, timeToReach, halfTime };

/**
 * One point of a decoupled mode's dynamics τṡ = D_w s^{2−2/D_w}(ŝ − c·s), s(0) = ε, at which the C3
 * items are checked (the fields of the arbitraries' ModePoint), (3.2), (3.6), §11 C3.
 */
export interface C3Point {
  /** D_w, the number of weight matrices. */
  readonly depth: number;
  /** ε, the strength at t = 0. */
  readonly initScale: number;
  /** τ = 1/λ in epochs. */
  readonly tau: number;
  /** c with Σ11 = c·I along the mode (> 0). */
  readonly inputScale: number;
  /** ŝ ≥ 0. */
  readonly sHat: number;
  /** Time in epochs (≥ 0). */
  readonly t: number;
}

/** The names of the C3 items, one per outcome of `checkC3` (§11 C3). */
export const C3_ITEMS = {
  finite: 's(t) is a finite number ≥ 0 (1 = violated)',
  start: 's(0) = ε (relative)',
  ode: '(3.3)/(3.6) ODE residual by 4th-order finite differences, in units of its error budget 1e-9 + 3·eps·t/h',
  roundTrip: 't(s(t)) = t (relative) where the inversion is well conditioned',
  limit: 's(t) → ŝ/c (relative at t = 1e300, once relaxed)',
  monotoneInTime: 's moves monotonically toward ŝ/c in t (in units of the rounding allowance)',
  monotoneInTarget: 's(t; ŝ) non-decreasing in ŝ (in units of the rounding allowance)',
  halfTime: 't½ strictly decreasing in ŝ for ŝ/(cε) > 4.6, D_w = 2 (relative change over a 5% step)',
  quadrature: 'deep time (3.7) = adaptive quadrature of (3.7) (relative)',
  depthFour: 'deep time (3.7) = authors’ closed form (3.8) for D_w = 4 (relative)',
} as const;

const EPS = Number.EPSILON;
/** Below this, strengths approach the subnormal range and carry fewer than 53 bits: relative checks are skipped. */
const TINY = 1e-280;

function dynamicsOf(p: C3Point): ModeDynamics {
  return { initScale: p.initScale, tau: p.tau, depth: p.depth, inputScale: p.inputScale };
}

function describe(p: C3Point): string {
  return `D_w=${p.depth} ε=${p.initScale} τ=${p.tau} c=${p.inputScale} ŝ=${p.sHat} t=${p.t}`;
}

function outcome(name: string, measured: number, predicted: number, tolerance: number, detail: string): CheckOutcome {
  return atMostOutcome('C3', name, measured, predicted, tolerance, detail);
}

/** An item that does not apply at the point: holds iff the strength computed there is finite. */
function skipped(name: string, s: number, detail: string): CheckOutcome {
  return { ...outcome(name, Number.isFinite(s) ? 0 : 1, 0, 0, detail), skipped: true };
}

/** Right-hand side ds/dt of (3.6) with Σ11 = c·I: D_w s^{2−2/D_w}(ŝ − c·s)/τ (3.6). */
export function modeRate(s: number, p: Omit<C3Point, 't'>): number {
  return (modeStiffness(s, p.depth) * (p.sHat - p.inputScale * s)) / p.tau;
}

/**
 * Condition number κ = t|ṡ|/s of s(t): t itself is known to a relative eps, so s(t) cannot be
 * computed more accurately than κ·eps relative (ACCURACY.md §1 measures ≤ 24 κ·eps for the deep
 * inversion); every comparison between two computed strengths allows 64(1 + κ₁ + κ₂)·eps, §3.3.
 */
export function strengthCondition(t: number, s: number, p: Omit<C3Point, 't'>): number {
  return s > 0 ? (t * Math.abs(modeRate(s, p))) / s : 0;
}

/**
 * Relative allowance when comparing two computed strengths: 64(1 + κ₁ + κ₂)eps for the conditioning
 * (see strengthCondition) plus 1e-12 for the solvers (the deep inversions return s to within 24(1 + κ)eps,
 * ACCURACY.md §3; the 1e-12 is the margin the C3 claim was validated with on 20 000 points).
 */
function comparisonAllowance(k1: number, k2: number): number {
  return 1e-12 + 64 * (1 + k1 + k2) * EPS;
}

/** s(t) is a finite number ≥ 0 at the point (the no-NaN/∞ part of C3), §11 C3. */
export function c3Finite(p: C3Point, impl: ModeDynamicsImpl): CheckOutcome {
  const s = impl.strength(p.t, p.sHat, dynamicsOf(p));
  const bad = Number.isFinite(s) && s >= 0 ? 0 : 1;
  return outcome(C3_ITEMS.finite, bad, 0, 0, `s(t) = ${s} must be finite and ≥ 0 at ${describe(p)}`);
}

/** s(0) = ε to 1e-14 relative (the closed forms start exactly at ε; a few ulp), (3.3), (3.6). */
export function c3StartsAtInitScale(p: C3Point, impl: ModeDynamicsImpl): CheckOutcome {
  const s0 = impl.strength(0, p.sHat, dynamicsOf(p));
  return outcome(
    C3_ITEMS.start,
    Math.abs(s0 - p.initScale) / p.initScale,
    0,
    1e-14,
    `s(0) = ${s0} vs ε at ${describe(p)}`,
  );
}

/**
 * ODE residual of (3.3)/(3.6) by a 4th-order central difference with h = 1e-3·L, L = τ/(D_w s^{p−1}
 * max(ŝ, c·s)) the time over which s changes by O(1) relatively: truncation ~(h/L)⁴ = 1e-12 and
 * rounding ~1.5 eps L/h = 3e-13 of the rate scale s/L, and the rounding of the arguments t ± h
 * (≤ eps·t) adds ≈ 1.5 eps t/h; allowed 1e-9 + 3 eps t/h. Skipped (holds) for t < 4h, where the
 * stencil would leave [0, ∞) or need h ≪ L (rounding eps·L/h then dominates), and for s < 1e-280
 * (near-subnormal values; L is formed in logarithms so that s^{p−1} cannot overflow), (3.6).
 */
export function c3OdeResidual(p: C3Point, impl: ModeDynamicsImpl): CheckOutcome {
  const o = dynamicsOf(p);
  const s = impl.strength(p.t, p.sHat, o);
  const q = 2 - 2 / p.depth;
  const lnDrive = Math.log(Math.max(p.sHat, p.inputScale * s));
  const local = p.tau / (p.depth * Math.exp((q - 1) * Math.log(s) + lnDrive));
  const h = 1e-3 * local;
  if (!(p.t >= 4 * h) || !(s >= TINY))
    return skipped(C3_ITEMS.ode, s, `s(t) = ${s} at ${describe(p)} (ODE residual skipped: t < 4h)`);
  const f = (x: number) => impl.strength(x, p.sHat, o);
  const fd = (-f(p.t + 2 * h) + 8 * f(p.t + h) - 8 * f(p.t - h) + f(p.t - 2 * h)) / (12 * h);
  const rateScale = (p.depth * Math.exp(q * Math.log(s) + lnDrive)) / p.tau;
  const allowed = 1e-9 + 3 * EPS * (p.t / h);
  const r = Math.abs(fd - modeRate(s, p)) / rateScale / allowed;
  return outcome(
    C3_ITEMS.ode,
    r,
    0,
    1,
    `|ṡ_FD − D_w s^p(ŝ − cs)/τ| in units of (1e-9 + 3eps·t/h)·rate scale at ${describe(p)}: ṡ_FD = ${fd}, rhs = ${modeRate(s, p)}`,
  );
}

/**
 * Where the time of a strength is well conditioned: s at least 1e-3 relatively away from ε (near the
 * start dt/ds·δs/t ≈ eps·ε/|s − ε|) and at least 1e-3 away from the limit ŝ/c (near saturation dt/ds
 * diverges); never near-subnormal. At 1e-3 from ε that conditioning is ~2e-13, far below the 1e-9 of
 * the round trip and the 1e-10 of the time-integral agreement.
 */
function wellConditioned(s: number, p: C3Point): boolean {
  const limit = p.sHat / p.inputScale;
  const eps = p.initScale;
  if (!(s >= TINY)) return false;
  return limit > eps
    ? s >= eps * (1 + 1e-3) && s <= limit * (1 - 1e-3)
    : s <= eps * (1 - 1e-3) && s >= limit * (1 + 1e-3);
}

/** t(s(t)) = t to 1e-9 relative (C3's "1e-8 to 1e-10") where the time is well conditioned; skipped (holds) elsewhere, (3.4), (3.7). */
export function c3RoundTrip(p: C3Point, impl: ModeDynamicsImpl): CheckOutcome {
  const o = dynamicsOf(p);
  const s = impl.strength(p.t, p.sHat, o);
  if (!(p.t > 0 && wellConditioned(s, p)))
    return skipped(C3_ITEMS.roundTrip, s, `s(t) = ${s} at ${describe(p)} (round trip skipped)`);
  const back = impl.timeToReach(s, p.sHat, o);
  return outcome(
    C3_ITEMS.roundTrip,
    Math.abs(back - p.t) / p.t,
    0,
    1e-9,
    `t(s(t)) = ${back} vs t at ${describe(p)} (s = ${s})`,
  );
}

/**
 * s(t) → ŝ/c: at t = 1e300 epochs the strength equals the limit to 1e-14 relative (0 for ŝ = 0: to
 * 1e-14·ε absolute), where the dynamics have certainly converged by then: the slowest relaxation
 * rate D_w c (ŝ/c)^p/τ times 1e300 must exceed 1e4 (tiny ŝ on deep students relax more slowly
 * than that; skipped there), (3.3), (3.6).
 */
export function c3ReachesLimit(p: C3Point, impl: ModeDynamicsImpl): CheckOutcome {
  const o = dynamicsOf(p);
  const big = 1e300;
  const s = impl.strength(big, p.sHat, o);
  const limit = p.sHat / p.inputScale;
  if (p.sHat === 0)
    return outcome(C3_ITEMS.limit, s / p.initScale, 0, 1e-14, `s(1e300) = ${s} must vanish (ŝ = 0) at ${describe(p)}`);
  const q = 2 - 2 / p.depth;
  const lnRelax = Math.log(p.depth * p.inputScale) + q * Math.log(limit) + Math.log(big / p.tau);
  if (!(lnRelax > Math.log(1e4)))
    return skipped(C3_ITEMS.limit, s, `s(1e300) = ${s} at ${describe(p)} (limit skipped: not converged)`);
  return outcome(
    C3_ITEMS.limit,
    Math.abs(s - limit) / limit,
    0,
    1e-14,
    `s(1e300) = ${s} vs ŝ/c = ${limit} at ${describe(p)}`,
  );
}

/**
 * Monotone in t: s moves toward ŝ/c, never back. Between t and t' = t + max(0.01t, 1e-3τ):
 * s(t') ≥ s(t) for growing modes, ≤ for decaying ones (ŝ/c < ε), up to the comparison allowance, (3.6).
 */
export function c3MonotoneInTime(p: C3Point, impl: ModeDynamicsImpl): CheckOutcome {
  const o = dynamicsOf(p);
  const t2 = p.t + Math.max(0.01 * p.t, 1e-3 * p.tau);
  const s1 = impl.strength(p.t, p.sHat, o);
  const s2 = impl.strength(t2, p.sHat, o);
  const sign = p.sHat / p.inputScale >= p.initScale ? 1 : -1;
  // Both may underflow toward 0 (D_w = 1, ŝ = 0 decays like e^{−ct/τ}): no relative comparison there.
  const back = s1 === s2 || Math.max(s1, s2) < TINY ? 0 : (sign * (s1 - s2)) / Math.max(s1, s2);
  const allowed = comparisonAllowance(strengthCondition(p.t, s1, p), strengthCondition(t2, s2, p));
  return outcome(
    C3_ITEMS.monotoneInTime,
    back / allowed,
    0,
    1,
    `s moved away from ŝ/c between t and ${t2}: ${s1} → ${s2} at ${describe(p)}`,
  );
}

/**
 * Order of strengths in ŝ at one time (§9.1; for every ŝ ≥ 0 by the comparison principle, since the
 * right-hand side of (3.6) increases with ŝ): for sLow ≤ sHigh, s(t; sHigh) ≥ s(t; sLow) up to the
 * comparison allowance. Returns the violation in units of the allowance (≤ 1 holds; NaN counts as +∞), (3.6), §9.1.
 */
export function strengthOrderViolation(
  t: number,
  sLow: number,
  sHigh: number,
  p: Omit<C3Point, 'sHat' | 't'>,
  impl: Pick<ModeDynamicsImpl, 'strength'>,
): { ratio: number; low: number; high: number } {
  const o = dynamicsOf({ ...p, sHat: sLow, t });
  const low = impl.strength(t, sLow, o);
  const high = impl.strength(t, sHigh, o);
  const allowed = comparisonAllowance(
    strengthCondition(t, low, { ...p, sHat: sLow }),
    strengthCondition(t, high, { ...p, sHat: sHigh }),
  );
  const excess = low === high || Math.max(low, high) < TINY ? 0 : (low - high) / Math.max(low, high);
  const ratio = excess / allowed;
  return { ratio: Number.isNaN(ratio) ? Infinity : ratio, low, high };
}

/** Monotone in ŝ at the point: s(t; 1.01ŝ + 1e-3cε) ≥ s(t; ŝ) up to the comparison allowance (see strengthOrderViolation), §9.1. */
export function c3MonotoneInTarget(p: C3Point, impl: ModeDynamicsImpl): CheckOutcome {
  const sHat2 = 1.01 * p.sHat + 1e-3 * p.inputScale * p.initScale;
  const v = strengthOrderViolation(p.t, p.sHat, sHat2, p, impl);
  return outcome(
    C3_ITEMS.monotoneInTarget,
    v.ratio,
    0,
    1,
    `s(t; ŝ) = ${v.low} > s(t; ${sHat2}) = ${v.high} at ${describe(p)}`,
  );
}

/**
 * t½ strictly decreasing in ŝ once y = ŝ/(cε) > 4.6 (D_w = 2; the exact crossing of ln(y − 1) = y/(y − 1)
 * is 4.591): t½(1.05ŝ) < t½(ŝ) by at least 1e-6 relative (the true decrease over a 5% step is
 * ≥ 1.1e-4 relative for y ≥ 4.6, far above rounding). Skipped (holds) elsewhere, (3.5).
 */
export function c3HalfTimeDecreasing(p: C3Point, impl: ModeDynamicsImpl): CheckOutcome {
  if (!(p.depth === 2 && p.sHat / (p.inputScale * p.initScale) > 4.6))
    return { ...outcome(C3_ITEMS.halfTime, 0, 0, 0, 'not applicable'), skipped: true };
  const o = dynamicsOf(p);
  const t1 = impl.halfTime(p.sHat, o);
  const t2 = impl.halfTime(1.05 * p.sHat, o);
  return outcome(C3_ITEMS.halfTime, (t2 - t1) / t1, -1e-6, 0, `t½(1.05ŝ) = ${t2} vs t½(ŝ) = ${t1} at ${describe(p)}`);
}

/**
 * The inverted time (3.7) as the implementation computes it, against independent paths at the
 * strength s(t): adaptive quadrature of (3.7) for every depth and, for D_w = 4 with c = 1, the authors'
 * (3.8), both to 1e-10 relative (each side is accurate to ~1e-14, ACCURACY.md §3). Only where the time
 * is well conditioned (see wellConditioned) and not tiny against the mode's linear time scale
 * τ/(c D_w S^p), S = ŝ/c (t ≥ 1e-4 of it; the margin the claim was validated with). Skipped elsewhere;
 * returns one outcome per item ((3.8) only where it applies), (3.7), (3.8).
 */
export function c3TimeIntegralAgreement(p: C3Point, impl: ModeDynamicsImpl): CheckOutcome[] {
  const o = dynamicsOf(p);
  const limit = p.sHat / p.inputScale;
  const eps = p.initScale;
  const s = impl.strength(p.t, p.sHat, o);
  const linearScale = p.tau / modeStiffness(limit, p.depth, p.inputScale);
  if (!(p.sHat > 0 && p.t > 0 && p.t >= 1e-4 * linearScale && wellConditioned(s, p))) {
    return [skipped(C3_ITEMS.quadrature, s, `s(t) = ${s} at ${describe(p)} (time-integral agreement skipped)`)];
  }
  const t = impl.timeToReach(s, p.sHat, o);
  let quad: number;
  try {
    quad = timeToReachByQuadrature(s, p.sHat, o);
  } catch {
    quad = NaN;
  }
  const out = [
    outcome(
      C3_ITEMS.quadrature,
      Math.abs(t - quad) / quad,
      0,
      1e-10,
      `t(s) = ${t} vs quadrature of (3.7) ${quad} at ${describe(p)} (s = ${s})`,
    ),
  ];
  if (p.depth === 4 && p.inputScale === 1 && limit > eps) {
    const t4 = depthFourTime(s, p.sHat, eps, p.tau);
    out.push(
      outcome(
        C3_ITEMS.depthFour,
        Math.abs(t - t4) / t4,
        0,
        1e-10,
        `t(s) = ${t} vs the authors' (3.8) ${t4} at ${describe(p)} (s = ${s})`,
      ),
    );
  }
  return out;
}

/** Every C3 item at one point (the implementation should be `guarded` so that a throw counts as NaN), §11 C3. */
export function checkC3AtPoint(p: C3Point, impl: ModeDynamicsImpl): CheckOutcome[] {
  return [
    c3Finite(p, impl),
    c3StartsAtInitScale(p, impl),
    c3OdeResidual(p, impl),
    c3RoundTrip(p, impl),
    c3ReachesLimit(p, impl),
    c3MonotoneInTime(p, impl),
    c3MonotoneInTarget(p, impl),
    c3HalfTimeDecreasing(p, impl),
    ...c3TimeIntegralAgreement(p, impl),
  ];
}

/** Depths C3 sweeps (D_w = 1 … 6, the C1 domain). */
const DEPTHS = [1, 2, 3, 4, 6];
const TAU = 1000;

/**
 * The fixed grid of `checkC3`: (a) the rise of growing modes, ŝ/c ∈ {0.05 … 100} × ε ∈ {1e-8 … 1e-1} ×
 * c ∈ {1, 4}, at fractions of t½ and beyond; (b) every regime of ŝ (0, 1e-300, tiny, decaying, within
 * 1e-7 of ε on both sides, growing up to 1e3) × ε ∈ [1e-12, 1e-1] × t ∈ [0, 1e6]τ; (c) chains in ŝ at
 * fixed times (order in ŝ); (d) the half-time chain ŝ/ε = 4.6·1.05^k for D_w = 2. Library half-times
 * place the times, so the grid does not depend on the implementation under test, §11 C3.
 */
export function c3GridPoints(): C3Point[] {
  const pts: C3Point[] = [];
  for (const depth of DEPTHS) {
    const p = 2 - 2 / depth;
    for (const eps of [1e-8, 1e-5, 1e-3, 1e-1]) {
      for (const big of [0.05, 0.5, 1, 3, 10, 100]) {
        for (const c of [1, 4]) {
          if (big <= 2 * eps) continue;
          const o = { initScale: eps, tau: TAU, depth, inputScale: c };
          const tHalf = halfTime(c * big, o);
          // Time scale of the rise: the slope at the half point is D_w c (S/2)^p (S/2)/τ.
          const scale = (TAU / (depth * c)) * Math.pow(big / 2, -p) * 2;
          for (const f of [0, 0.05, 0.3, 0.7, 0.95, 1, 1.05, 1.3, 2, 4]) {
            pts.push({
              depth,
              initScale: eps,
              tau: TAU,
              inputScale: c,
              sHat: c * big,
              t: f * tHalf + (f > 1 ? (f - 1) * 4 * scale : 0),
            });
          }
        }
      }
    }
    for (const eps of [1e-12, 1e-9, 1e-5, 1e-3, 1e-1]) {
      const targets = [
        0,
        1e-300,
        1e-15,
        1e-12,
        1e-9,
        1e-6,
        0.5 * eps,
        eps * (1 - 5e-8),
        eps,
        eps * (1 + 1e-7),
        2 * eps,
        0.05,
        1,
        7,
        100,
        1e3,
      ];
      for (const sHat of targets) {
        for (const tt of [0, 1e-9, 1e-3, 0.5, 1, 10, 1e3, 1e5, 1e6])
          pts.push({ depth, initScale: eps, tau: TAU, inputScale: 1, sHat, t: tt * TAU });
      }
    }
    for (const eps of [1e-5, 1e-2]) {
      for (const t of [0.01, 0.3, 1, 3, 10, 100]) {
        for (let sHat = 3 * eps; sHat < 50; sHat *= 1.37)
          pts.push({ depth, initScale: eps, tau: 1, inputScale: 1, sHat, t });
      }
    }
  }
  for (const eps of [1e-8, 1e-5, 1e-1]) {
    for (let y = 4.6; y < 1e7; y *= 1.05)
      pts.push({ depth: 2, initScale: eps, tau: 1, inputScale: 1, sHat: y * eps, t: 0 });
  }
  return pts;
}

/**
 * Claim C3: the closed forms are self-consistent. Runs every item of `checkC3AtPoint` over the grid
 * of `c3GridPoints` and returns, per item (in the order of C3_ITEMS), the outcome closest to failing:
 * finite; s(0) = ε; ODE residual; t(s(t)) = t; s → ŝ/c; monotone in t and in ŝ; t½ decreasing for
 * ŝ/(cε) > 4.6 (D_w = 2); (3.7) = quadrature and = (3.8) (D_w = 4). §3.2–§3.3, §11 C3.
 */
export function checkC3(
  candidate: ModeDynamicsImpl = libraryModeDynamics,
  points: readonly C3Point[] = c3GridPoints(),
): CheckOutcome[] {
  const impl = guarded(candidate);
  const byItem = new Map<string, CheckOutcome[]>(Object.values(C3_ITEMS).map((name) => [name, []]));
  for (const p of points) for (const o of checkC3AtPoint(p, impl)) byItem.get(o.name)?.push(o);
  const out: CheckOutcome[] = [];
  for (const [name, outcomes] of byItem) {
    out.push(
      outcomes.length > 0
        ? worstOutcome(outcomes)
        : { ...atMostOutcome('C3', name, 0, 0, 0, 'no grid point applies'), skipped: true },
    );
  }
  return out;
}
