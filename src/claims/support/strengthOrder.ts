import type { ModeDynamics } from '../../dynamics/modeDynamics.js';
import { modeStiffness } from '../../dynamics/modeStiffness.js';

/** A decoupled mode without its time: D_w, ε, τ, c (Σ11 = c·I along the mode) and ŝ, §3.3. */
export interface ModeSetting {
  readonly depth: number;
  readonly initScale: number;
  readonly tau: number;
  readonly inputScale: number;
  readonly sHat: number;
}

/** Below this, strengths approach the subnormal range and carry fewer than 53 bits: relative comparisons are skipped. */
export const TINY_STRENGTH = 1e-280;

const EPS = Number.EPSILON;

/** Right-hand side ds/dt of (3.6) with Σ11 = c·I: D_w s^{2−2/D_w}(ŝ − c·s)/τ. */
export function modeRate(s: number, p: ModeSetting): number {
  return (modeStiffness(s, p.depth) * (p.sHat - p.inputScale * s)) / p.tau;
}

/**
 * Condition number κ = t|ṡ|/s of s(t): t itself is known to a relative eps, so s(t) cannot be computed more
 * accurately than κ·eps relative (ACCURACY.md §1 measures ≤ 24 κ·eps for the deep inversion), §3.3.
 */
export function strengthCondition(t: number, s: number, p: ModeSetting): number {
  return s > 0 ? (t * Math.abs(modeRate(s, p))) / s : 0;
}

/**
 * Relative allowance when comparing two computed strengths: 64(1 + κ₁ + κ₂)eps for the conditioning
 * (see strengthCondition) plus 1e-12 for the solvers (the deep inversions return s to within 24(1 + κ)eps,
 * ACCURACY.md §3; the 1e-12 is the margin C3 was validated with on 20 000 points).
 */
export function comparisonAllowance(k1: number, k2: number): number {
  return 1e-12 + 64 * (1 + k1 + k2) * EPS;
}

/**
 * Order of strengths in ŝ at one time (§9.1; for every ŝ ≥ 0 by the comparison principle, since the right-hand
 * side of (3.6) increases with ŝ): for sLow ≤ sHigh, s(t; sHigh) ≥ s(t; sLow) up to the comparison allowance.
 * Returns the violation in units of the allowance (≤ 1 holds; NaN counts as +∞), (3.6), §9.1.
 */
export function strengthOrderViolation(
  t: number,
  sLow: number,
  sHigh: number,
  p: Omit<ModeSetting, 'sHat'>,
  strength: (t: number, sHat: number, o: ModeDynamics) => number,
): { ratio: number; low: number; high: number } {
  const o: ModeDynamics = { initScale: p.initScale, tau: p.tau, depth: p.depth, inputScale: p.inputScale };
  const low = strength(t, sLow, o);
  const high = strength(t, sHigh, o);
  const allowed = comparisonAllowance(
    strengthCondition(t, low, { ...p, sHat: sLow }),
    strengthCondition(t, high, { ...p, sHat: sHigh }),
  );
  const excess = low === high || Math.max(low, high) < TINY_STRENGTH ? 0 : (low - high) / Math.max(low, high);
  const ratio = excess / allowed;
  return { ratio: Number.isNaN(ratio) ? Infinity : ratio, low, high };
}
