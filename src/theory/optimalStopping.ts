import { timeToReach } from '../dynamics/modeStrength.js';
import type { ModeDynamics } from '../dynamics/modeDynamics.js';
import { brentMinimize } from '../numerics/brent.js';

/** An optimal stopping time and the error there (§6). */
export interface StoppingPoint {
  /** t_opt in epochs. */
  readonly tOpt: number;
  readonly minError: number;
}

/** Options of `globalMinimum`. */
export interface GlobalMinimumOptions {
  /** Extra sample times (e.g. each mode's sigmoid, `modeTimeAnchors`). */
  readonly anchors?: readonly number[];
  /** Number of uniformly spaced samples on [0, horizon] (default 400). */
  readonly uniform?: number;
  /** How many of the best sampled local minima are refined by Brent (default 8). */
  readonly refine?: number;
}

/**
 * Global minimum of f on [0, horizon]: sample on the union of a uniform grid and the anchors,
 * then refine every promising sampled local minimum (interior or at an end) by Brent on its
 * neighbouring samples, and keep the best. Multimodal curves are handled because each mode's
 * sigmoid is sampled densely through its anchors (§6, C13).
 */
export function globalMinimum(
  f: (t: number) => number,
  horizon: number,
  options: GlobalMinimumOptions = {},
): StoppingPoint {
  if (!(Number.isFinite(horizon) && horizon >= 0))
    throw new RangeError(`horizon must be a finite number ≥ 0 (epochs), got ${horizon}`);
  if (horizon === 0) return { tOpt: 0, minError: f(0) };
  const n = options.uniform ?? 400;
  const ts = new Set<number>();
  // (n·H)/n can exceed H by an ulp, so the last sample is H itself.
  for (let i = 0; i <= n; i++) ts.add(i === n ? horizon : (i * horizon) / n);
  for (const a of options.anchors ?? []) if (a > 0 && a < horizon) ts.add(a);
  const times = [...ts].sort((a, b) => a - b);
  const values = times.map((t) => f(t));
  const candidates: number[] = [];
  for (let i = 0; i < times.length; i++) {
    const leftOk = i === 0 || values[i] < values[i - 1];
    const rightOk = i === times.length - 1 || values[i] <= values[i + 1];
    if (leftOk && rightOk) candidates.push(i);
  }
  candidates.sort((i, j) => values[i] - values[j]);
  let best: StoppingPoint = { tOpt: times[candidates[0]], minError: values[candidates[0]] };
  for (const i of candidates.slice(0, options.refine ?? 8)) {
    const lo = times[Math.max(0, i - 1)];
    const hi = times[Math.min(times.length - 1, i + 1)];
    const m = brentMinimize(f, lo, hi, { xTol: 1e-12 * horizon });
    if (m.fx < best.minError) best = { tOpt: Math.min(horizon, Math.max(0, m.x)), minError: m.fx };
  }
  return best;
}

/**
 * Sample times that resolve a mode's sigmoid: t(s) for s/ŝ on a logit grid of step `step` from
 * ε/ŝ to 1 − e^{−12}, plus the time it passes `extra` strengths (e.g. its optimal strength s̄𝒪), §3, §6.
 */
export function modeTimeAnchors(
  sHat: number,
  dynamics: ModeDynamics,
  horizon: number,
  extra: readonly number[] = [],
  step = 0.25,
): number[] {
  const c = dynamics.inputScale ?? 1;
  const eps = dynamics.initScale;
  if (!(c > 0) || !(sHat / c > eps * (1 + 1e-9))) return [];
  const big = sHat / c;
  const out: number[] = [];
  const z0 = Math.log(eps / big) - Math.log1p(-eps / big);
  for (let z = z0 + step; z < 12; z += step) {
    const s = big / (1 + Math.exp(-z));
    if (!(s > eps && s < big)) continue;
    const t = timeToReach(s, sHat, dynamics);
    if (t > horizon) break;
    out.push(t);
  }
  for (const s of extra) if (s > eps && s < big) out.push(timeToReach(s, sHat, dynamics));
  return out.filter((t) => t > 0 && t < horizon);
}

/** Minimum over the recorded epochs of a sampled or simulated curve; ties go to the earliest epoch, §6, §12 D8. */
export function sampledOptimalStopping(
  epochs: readonly number[],
  errors: readonly number[],
): StoppingPoint & { index: number } {
  if (epochs.length === 0 || epochs.length !== errors.length) {
    throw new RangeError(
      `epochs and errors must be non-empty and of equal length, got ${epochs.length} and ${errors.length}`,
    );
  }
  let best = 0;
  for (let i = 1; i < errors.length; i++) {
    if (Number.isNaN(errors[i])) throw new RangeError(`errors[${i}] is NaN`);
    if (errors[i] < errors[best]) best = i;
  }
  return { tOpt: epochs[best], minError: errors[best], index: best };
}
