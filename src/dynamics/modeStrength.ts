import { deepSolve, deepStrength, deepTime, type ModeState } from './deepStrength.js';
import { assertModeDynamics, assertTarget, assertTime, type ModeDynamics } from './modeDynamics.js';
import {
  linearShortfall,
  linearStrength,
  linearTime,
  shallowShortfall,
  shallowStrength,
  shallowTime,
} from './shallowStrength.js';

/**
 * Strength s(t; ŝ) of one decoupled mode at time t (epochs): D_w = 1 and 2 in closed form
 * ((3.3) in its stable form), D_w ≥ 3 by inverting the closed-form time integral (3.7).
 * Never NaN or ±∞ for ŝ ∈ [0, 1e3], ε ∈ [1e-12, 1e-1], t ∈ [0, 1e6τ] (3.3), (3.6), §3.2–§3.3.
 */
export function modeStrength(t: number, sHat: number, o: ModeDynamics): number {
  assertModeDynamics(o);
  assertTarget(sHat, o);
  assertTime(t);
  return strengthUnchecked(t, sHat, o);
}

/** modeStrength without argument checks, for inner loops whose inputs are already validated, §3. */
export function strengthUnchecked(t: number, sHat: number, o: ModeDynamics): number {
  const c = o.inputScale ?? 1;
  const eps = o.initScale;
  if (o.depth === 1) return linearStrength(t, sHat, eps, o.tau, c);
  if (o.depth === 2) return shallowStrength(t, sHat, eps, o.tau, c);
  if (c === 0) return eps; // assertTarget guarantees ŝ = 0: no gradient reaches the mode
  return deepStrength((t * c) / o.tau, sHat / c, eps, o.depth);
}

/**
 * Strength and shortfall ŝ/c − s at time t, the shortfall accurate to full relative precision for
 * growing modes even when s ≈ ŝ/c (needed by the train error (5.6) late in training), §3.2–§3.3.
 */
export function modeState(t: number, sHat: number, o: ModeDynamics): ModeState {
  assertModeDynamics(o);
  assertTarget(sHat, o);
  assertTime(t);
  return stateUnchecked(t, sHat, o);
}

/** modeState without argument checks, §3. */
export function stateUnchecked(t: number, sHat: number, o: ModeDynamics): ModeState {
  const c = o.inputScale ?? 1;
  const eps = o.initScale;
  if (o.depth === 1)
    return { strength: linearStrength(t, sHat, eps, o.tau, c), shortfall: linearShortfall(t, sHat, eps, o.tau, c) };
  if (o.depth === 2)
    return { strength: shallowStrength(t, sHat, eps, o.tau, c), shortfall: shallowShortfall(t, sHat, eps, o.tau, c) };
  if (c === 0) return { strength: eps, shortfall: 0 };
  const st = deepSolve((t * c) / o.tau, sHat / c, eps, o.depth);
  return st;
}

/** s(t; ŝ) on many times (epochs), e.g. an epochGrid, §3. */
export function modeStrengthCurve(times: readonly number[], sHat: number, o: ModeDynamics): Float64Array {
  assertModeDynamics(o);
  assertTarget(sHat, o);
  const out = new Float64Array(times.length);
  for (let i = 0; i < times.length; i++) {
    assertTime(times[i], `times[${i}]`);
    out[i] = strengthUnchecked(times[i], sHat, o);
  }
  return out;
}

/**
 * Time (epochs) for the mode to go from ε to s: (3.4) for D_w = 2, the closed-form (3.7) for
 * D_w ≥ 3, the exponential law for D_w = 1. s must lie between ε and the limit ŝ/c (s = ε gives 0;
 * s equal to the limit gives +∞) (3.4), (3.7), §3.2–§3.3.
 */
export function timeToReach(s: number, sHat: number, o: ModeDynamics): number {
  assertModeDynamics(o);
  assertTarget(sHat, o);
  const c = o.inputScale ?? 1;
  const eps = o.initScale;
  const limit = c > 0 ? sHat / c : sHat > 0 ? Infinity : eps;
  const lo = Math.min(eps, limit);
  const hi = Math.max(eps, limit);
  if (!(Number.isFinite(s) && s >= lo && s <= hi)) {
    throw new RangeError(`s must lie between initScale ${eps} and the limit ŝ/c = ${limit}, got ${s}`);
  }
  if (s === eps) return 0;
  if (s === limit) return Infinity;
  if (o.depth === 1) return linearTime(s, sHat, eps, o.tau, c);
  if (o.depth === 2) return shallowTime(s, sHat, eps, o.tau, c);
  return (o.tau / c) * deepTime(s, sHat / c, eps, o.depth);
}

/**
 * Half-time t½ with s(t½) = ŝ/(2c), defined for ŝ/c > 2ε: (3.5) t½ = (τ/2ŝ) ln(ŝ/(cε) − 1) for
 * D_w = 2, the root of (3.7) otherwise (3.5), §3.2.
 */
export function halfTime(sHat: number, o: ModeDynamics): number {
  assertModeDynamics(o);
  assertTarget(sHat, o);
  const c = o.inputScale ?? 1;
  if (!(c > 0 && sHat / c > 2 * o.initScale)) {
    throw new RangeError(
      `sHat/inputScale must exceed 2·initScale = ${2 * o.initScale} for a half-time, got ${c > 0 ? sHat / c : Infinity}`,
    );
  }
  return timeToReach(sHat / c / 2, sHat, o);
}
