import { stateUnchecked } from '../dynamics/modeStrength.js';
import { deepTime } from '../dynamics/deepStrength.js';
import { bulkIntegralVector } from '../rmt/bulkIntegral.js';
import { mpEdges } from '../rmt/marchenkoPastur.js';
import { brentRoot } from '../numerics/brent.js';
import type { AsymptoticModel } from './asymptoticModel.js';

/** Relative tolerance of the bulk integrals in the error curves (see ACCURACY.md). */
export const BULK_REL_TOL = 1e-11;

/** Train and test error of the asymptotic theory at one time, with the signal strengths. */
export interface TheoryPoint {
  readonly trainError: number;
  readonly testError: number;
  /** s_α(t) per teacher mode, W units (0 for modes beyond the student's rank). */
  readonly strengths: number[];
}

/** Half-time in epochs of a bulk mode at x (W units), or +∞ when x ≤ 2ε (no rise to x/2), §3.2–§3.3. */
function bulkHalfTime(model: AsymptoticModel, x: number): number {
  const { initScale: eps, tau, depth } = model.dynamics;
  if (!(x > 2 * eps)) return Infinity;
  if (depth === 1) return tau * Math.log((x - eps) / (x / 2));
  if (depth === 2) return (tau / (2 * x)) * Math.log(x / eps - 1);
  return tau * deepTime(x / 2, x, eps, depth);
}

/**
 * The bulk point x_f whose mode is half learned at t (t½(x_f) = t): the sigmoid front of §5.4, used
 * as a quadrature breakpoint; undefined when no bulk point is at its half-time, §5.4.
 */
export function frontPoint(model: AsymptoticModel, t: number): number | undefined {
  const { lower, upper } = mpEdges(model.eff.aspect, model.eff.bulkScale);
  const lo = Math.max(lower, model.xCut, 4.6 * model.dynamics.initScale);
  if (!(upper > lo) || t <= 0) return undefined;
  const g = (lnX: number) => bulkHalfTime(model, Math.exp(lnX)) - t;
  const a = Math.log(lo);
  const b = Math.log(upper);
  const ga = g(a);
  const gb = g(b);
  if (!(ga > 0 && gb < 0)) return undefined; // t½ decreases in x above 4.6ε (C3)
  return Math.exp(brentRoot(g, a, b, { xTol: 1e-6 }));
}

/**
 * Breakpoints around the front x_f: x_f ± δx·4^k, where δx ≈ τ/(D_w x_f^{p−1} t) is the width over which
 * s(t; x) rises from ≈ 0 to ≈ x (t½ varies like −t½/x and a rise lasts ≈ τ/(D_w x^p)). Late in training the
 * front is extremely sharp (δx/x ~ 1e-6 at t = 1e6τ); graded pieces let every Kronrod rule see a smooth
 * integrand instead of bisecting down to the front (§5.4).
 */
function frontBreakpoints(model: AsymptoticModel, t: number, front: number | undefined): number[] {
  if (front === undefined) return [];
  const { depth, tau } = model.dynamics;
  const p = 2 - 2 / depth;
  const width = (tau / (depth * Math.pow(front, p - 1) * t)) * 4;
  const { lower, upper } = mpEdges(model.eff.aspect, model.eff.bulkScale);
  const out = [front];
  for (let k = 0, d = width; k < 40 && d < upper - lower; k++, d *= 4) {
    if (front - d > lower) out.push(front - d);
    if (front + d < upper) out.push(front + d);
  }
  return out;
}

/**
 * n_noise ∫_{R_in} s(t;x)² ρ and n_noise ∫_{R_in} (x − s(t;x))² ρ, the fitted-noise terms of (5.5)/(5.6),
 * on one adaptive mesh (the second only when `withShortfall`), §5.2.
 */
export function fittedNoise(
  model: AsymptoticModel,
  t: number,
  withShortfall = true,
): { strengthSq: number; shortfallSq: number } {
  if (model.nFit === 0) return { strengthSq: 0, shortfallSq: 0 };
  const { aspect, bulkScale } = model.eff;
  const dyn = model.dynamics;
  const front = frontPoint(model, t);
  // Absolute floor: 1e-17 in normalised error units (the integrals enter as n_noise·∫/norm); below it
  // the integrands are rounding noise of decaying modes and a relative tolerance could never be met.
  const absTol = (1e-17 * Math.min(model.teacherNormSq, model.trainNorm / model.eff.inputScale)) / model.nNoise;
  const opts = {
    from: { theta: model.thetaCut },
    breakpoints: frontBreakpoints(model, t, front),
    relTol: BULK_REL_TOL,
    absTol,
  };
  const r = bulkIntegralVector(
    (x, out) => {
      const st = stateUnchecked(t, x, dyn);
      out[0] = st.strength * st.strength;
      if (withShortfall) {
        // Growing modes: the accurate shortfall x − s; decaying or frozen ones: the direct difference.
        const g = x > dyn.initScale ? st.shortfall : x - st.strength;
        out[1] = g * g;
      }
    },
    withShortfall ? 2 : 1,
    aspect,
    bulkScale,
    opts,
  );
  const sq = r.values[0];
  const gapSq = withShortfall ? r.values[1] : 0;
  return { strengthSq: model.nNoise * sq, shortfallSq: model.nNoise * gapSq };
}

/** Signal strengths s_α(t) in W units (0 beyond the student's rank), §5.2. */
export function signalStrengths(model: AsymptoticModel, t: number): number[] {
  return model.signals.map((m) => (m.learned ? stateUnchecked(t, m.sHat, model.dynamics).strength : 0));
}

/**
 * Test error (5.5) / (5.7): [n_noise∫_{R_in}s²ρ + Σ_α (s_α² − 2 s_α s̄_eff,α 𝒪_α + s̄_α²)] / Σ s̄², at t in epochs, §5.2–§5.6.
 */
export function theoryTestError(model: AsymptoticModel, t: number): number {
  return theoryPoint(model, t, { train: false }).testError;
}

/** Train error (5.6) / (5.8) at t in epochs, §5.2–§5.6. */
export function theoryTrainError(model: AsymptoticModel, t: number): number {
  return theoryPoint(model, t, { test: false }).trainError;
}

/**
 * Both error curves at t (epochs): test (5.5)/(5.7) and train
 * {c·[Σ(s_α − ŝ_α)² + n_noise∫_{R_out}x²ρ + n_noise∫_{R_in}(x − s)²ρ] + unfittable}/norm with c = D for
 * P > N1 (5.8), 1 otherwise (5.6), §5.2–§5.6.
 */
export function theoryPoint(
  model: AsymptoticModel,
  t: number,
  which: { train?: boolean; test?: boolean } = {},
): TheoryPoint {
  if (!(t >= 0 && t < Infinity)) throw new RangeError(`t must be a finite number ≥ 0 (epochs), got ${t}`);
  const strengths = signalStrengths(model, t);
  const noise = fittedNoise(model, t, which.train !== false);
  let test = NaN;
  let train = NaN;
  if (which.test !== false) {
    let num = noise.strengthSq;
    model.signals.forEach((m, a) => {
      // (s − s̄_eff𝒪)² + s̄²(1 − g²𝒪²): the same as s² − 2s s̄_eff𝒪 + s̄², without cancellation.
      const d = strengths[a] - m.optimalStrength;
      num += d * d + (m.sBar - m.optimalStrength) * (m.sBar + m.optimalStrength);
    });
    test = Math.max(0, num) / model.teacherNormSq;
  }
  if (which.train !== false) {
    let num = model.noiseOutEnergy + noise.shortfallSq;
    model.signals.forEach((m) => {
      const gap = m.learned ? stateUnchecked(t, m.sHat, model.dynamics).shortfall : m.sHat;
      num += gap * gap;
    });
    train = (model.eff.inputScale * num + model.unfittable) / model.trainNorm;
  }
  return { trainError: train, testError: test, strengths };
}
