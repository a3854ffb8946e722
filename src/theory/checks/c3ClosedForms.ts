import { depthFourTime } from '../../dynamics/depthFourTime.js';
import { halfTime, modeStrength, timeToReach } from '../../dynamics/modeStrength.js';
import type { ModeDynamics } from '../../dynamics/modeDynamics.js';
import { timeToReachByQuadrature } from '../../dynamics/quadratureTime.js';
import { absOutcome, atMostOutcome, guarded, Worst, type CheckOutcome } from './checkOutcome.js';

/** The mode-dynamics functions C3 examines; swap one for a planted bug to see the check fail. */
export interface ModeDynamicsImpl {
  readonly strength: (t: number, sHat: number, o: ModeDynamics) => number;
  readonly timeToReach: (s: number, sHat: number, o: ModeDynamics) => number;
  readonly halfTime: (sHat: number, o: ModeDynamics) => number;
}

/** The library's implementation. */
export const libraryModeDynamics: ModeDynamicsImpl = { strength: modeStrength, timeToReach, halfTime };

/** Depths C3 sweeps (D_w = 1 … 6, the C1 domain). */
const DEPTHS = [1, 2, 3, 4, 6];
const TARGETS = [0.05, 0.5, 1, 3, 10, 100];
const SCALES = [1e-8, 1e-5, 1e-3, 1e-1];

/**
 * Claim C3: the closed forms are self-consistent. Returns one outcome per item: ODE residual of
 * s(t) by a 4th-order finite difference; t(s(t)) = t; (3.7) closed form = (3.8) (D_w = 4) and =
 * quadrature; s(0) = ε; s → ŝ; monotone in t and in ŝ; t½ decreasing for ŝ/ε > 4.6 (D_w = 2); no
 * NaN/∞ on ŝ ∈ [0, 1e3], ε ∈ [1e-12, 1e-1], t ∈ [0, 1e6]τ. §3.2–§3.3, §11 C3.
 */
export function checkC3(candidate: ModeDynamicsImpl = libraryModeDynamics): CheckOutcome[] {
  const impl = guarded(candidate);
  const tau = 1000;
  const out: CheckOutcome[] = [];
  const ode = new Worst();
  const trip = new Worst();
  const start = new Worst();
  const limit = new Worst();
  const monoT = new Worst();
  for (const depth of DEPTHS) {
    const p = 2 - 2 / depth;
    for (const eps of SCALES) {
      const o = { initScale: eps, tau, depth };
      for (const sHat of TARGETS) {
        if (sHat <= 2 * eps) continue;
        start.see(Math.abs(impl.strength(0, sHat, o) - eps) / eps, () => `D_w=${depth} ε=${eps} ŝ=${sHat}`);
        limit.see(Math.abs(impl.strength(1e300, sHat, o) - sHat) / sHat, () => `D_w=${depth} ε=${eps} ŝ=${sHat}`);
        const tHalf = impl.halfTime(sHat, o);
        // Time scale of the rise: the slope at the half point is D_w (ŝ/2)^p (ŝ/2)/τ.
        const scale = (tau / depth) * Math.pow(sHat / 2, -p) * 2;
        let prev = -Infinity;
        for (const f of [0, 0.05, 0.3, 0.7, 0.95, 1, 1.05, 1.3, 2, 4]) {
          const t = f * tHalf + (f > 1 ? (f - 1) * 4 * scale : 0);
          const s = impl.strength(t, sHat, o);
          monoT.see(Math.max(0, prev - s) / sHat, () => `D_w=${depth} ε=${eps} ŝ=${sHat} t=${t}`);
          prev = s;
          if (t > 0) {
            // 4th-order central difference with h = 1e-3 of the local scale L = τ/(D_w s^{p−1} max(ŝ, s)) on
            // which s changes by O(1) relatively: truncation ~(h/L)⁴ = 1e-12, rounding ~eps·L/h = 2e-13, both
            // relative to the rate scale s/L = D_w s^p max(ŝ, s)/τ, so 1e-9 leaves two decades of margin.
            const local = tau / (depth * Math.pow(s, p - 1) * Math.max(sHat, s));
            const h = Math.min(1e-3 * local, t / 4);
            const fd =
              (-impl.strength(t + 2 * h, sHat, o) + 8 * impl.strength(t + h, sHat, o) - 8 * impl.strength(t - h, sHat, o) + impl.strength(t - 2 * h, sHat, o)) /
              (12 * h);
            const rhs = (depth * Math.pow(s, p) * (sHat - s)) / tau;
            const rate = (depth * Math.pow(s, p) * Math.max(sHat, s)) / tau;
            // The arguments t ± h are themselves rounded (by ≤ eps·t), which moves the difference quotient by
            // ≈ 1.5·eps·t/h of the rate scale: a deep mode can rise within 0.1 epoch after 5e5 epochs.
            const allowed = 1e-9 + 3 * Number.EPSILON * (t / h);
            ode.see(Math.abs(fd - rhs) / rate / allowed, () => `D_w=${depth} ε=${eps} ŝ=${sHat} t=${t}`);
          }
          if (t > 0 && s < sHat * (1 - 1e-3)) {
            // Well-conditioned round trip: away from saturation dt/ds·δs stays ≤ 1e3·eps relative.
            trip.see(Math.abs(impl.timeToReach(s, sHat, o) - t) / t, () => `D_w=${depth} ε=${eps} ŝ=${sHat} t=${t}`);
          }
        }
      }
    }
  }
  out.push(
    atMostOutcome('C3', '(3.3)/(3.6) ODE residual by 4th-order finite differences, in units of its error budget 1e-9 + 3·eps·t/h', ode.value, 0, 1, ode.detail),
  );
  out.push(atMostOutcome('C3', 't(s(t)) = t, relative, for s ≤ (1 − 1e-3)ŝ', trip.value, 0, 1e-9, trip.detail));
  out.push(atMostOutcome('C3', 's(0) = ε (relative)', start.value, 0, 1e-14, start.detail));
  out.push(atMostOutcome('C3', 's(t) → ŝ as t → ∞ (relative at t = 1e300)', limit.value, 0, 1e-14, limit.detail));
  out.push(atMostOutcome('C3', 's(t) non-decreasing in t (largest drop / ŝ)', monoT.value, 0, 1e-15, monoT.detail));
  out.push(monotoneInTarget(impl));
  out.push(halfTimeDecreasing(impl));
  out.push(...deepAgreement(impl));
  out.push(finiteEverywhere(impl));
  return out;
}

/** s(t; ŝ) increasing in ŝ for t > 0 and ŝ > ε (C3, §9.1). */
function monotoneInTarget(impl: ModeDynamicsImpl): CheckOutcome {
  const w = new Worst();
  for (const depth of DEPTHS) {
    for (const eps of [1e-5, 1e-2]) {
      const o = { initScale: eps, tau: 1, depth };
      for (const t of [0.01, 0.3, 1, 3, 10, 100]) {
        let prev = -Infinity;
        for (let sHat = 3 * eps; sHat < 50; sHat *= 1.37) {
          const s = impl.strength(t, sHat, o);
          w.see(Math.max(0, prev - s) / s, () => `D_w=${depth} ε=${eps} t=${t} ŝ=${sHat}`);
          prev = s;
        }
      }
    }
  }
  return atMostOutcome('C3', 's(t; ŝ) non-decreasing in ŝ (largest relative drop)', w.value, 0, 1e-15, w.detail);
}

/** t½ = (τ/2ŝ) ln(ŝ/ε − 1) strictly decreasing in ŝ once ŝ/ε > 4.6 (C3, §9.1; crossing at 4.591). */
function halfTimeDecreasing(impl: ModeDynamicsImpl): CheckOutcome {
  const w = new Worst();
  for (const eps of [1e-8, 1e-5, 1e-1]) {
    const o = { initScale: eps, tau: 1, depth: 2 };
    let prev = Infinity;
    for (let y = 4.6; y < 1e7; y *= 1.05) {
      const th = impl.halfTime(y * eps, o);
      w.see(th >= prev ? 1 + (th - prev) / prev : 0, () => `ε=${eps} ŝ/ε=${y}`);
      prev = th;
    }
  }
  return atMostOutcome('C3', 't½ strictly decreasing for ŝ/ε > 4.6 (D_w = 2; 1 + relative rise where violated)', w.value, 0, 0, w.detail);
}

/** The deep closed form (3.7) against the authors' (3.8) for D_w = 4 and against quadrature of (3.7) for D_w = 3, 4, 6. */
function deepAgreement(impl: ModeDynamicsImpl): CheckOutcome[] {
  const four = new Worst();
  const quad = new Worst();
  for (const eps of [1e-8, 1e-5, 1e-2]) {
    for (const sHat of [0.3, 1, 4, 30]) {
      for (const f of [1e-3, 0.2, 0.5, 0.9, 0.9999]) {
        const s = eps + f * (sHat - eps);
        const o4 = { initScale: eps, tau: 1, depth: 4 };
        const t = impl.timeToReach(s, sHat, o4);
        four.see(Math.abs(t - depthFourTime(s, sHat, eps, 1)) / t, () => `ε=${eps} ŝ=${sHat} s=${s}`);
        for (const depth of [3, 4, 6]) {
          const o = { initScale: eps, tau: 1, depth };
          const tc = impl.timeToReach(s, sHat, o);
          quad.see(Math.abs(tc - timeToReachByQuadrature(s, sHat, o)) / tc, () => `D_w=${depth} ε=${eps} ŝ=${sHat} s=${s}`);
        }
      }
    }
  }
  // Both sides are accurate to ~1e-13 (ACCURACY.md); 1e-10 is the C3 "1e-8 to 1e-10" level.
  return [
    atMostOutcome('C3', 'deep time (3.7) = authors’ closed form (3.8) for D_w = 4 (relative)', four.value, 0, 1e-10, four.detail),
    atMostOutcome('C3', 'deep time (3.7) = adaptive quadrature of (3.7), D_w ∈ {3, 4, 6} (relative)', quad.value, 0, 1e-10, quad.detail),
  ];
}

/** Count of NaN/±∞ strengths over ŝ ∈ [0, 1e3], ε ∈ [1e-12, 1e-1], t ∈ [0, 1e6]τ, all depths (C3). */
function finiteEverywhere(impl: ModeDynamicsImpl): CheckOutcome {
  let bad = 0;
  let where = '';
  for (const depth of DEPTHS) {
    for (const eps of [1e-12, 1e-9, 1e-5, 1e-3, 1e-1]) {
      for (const sHat of [0, 1e-300, 1e-15, 1e-12, 1e-9, 1e-6, 0.5 * eps, eps, 2 * eps, 0.05, 1, 7, 100, 1e3]) {
        for (const tt of [0, 1e-9, 1e-3, 0.5, 1, 10, 1e3, 1e5, 1e6]) {
          const o = { initScale: eps, tau: 1000, depth };
          let s: number;
          try {
            s = impl.strength(tt * 1000, sHat, o);
          } catch {
            s = NaN;
          }
          if (!Number.isFinite(s)) {
            bad++;
            where ||= `D_w=${depth} ε=${eps} ŝ=${sHat} t=${tt}τ → ${s}`;
          }
        }
      }
    }
  }
  return absOutcome('C3', 'no NaN/∞ for ŝ ∈ [0,1e3], ε ∈ [1e-12,1e-1], t ∈ [0,1e6]τ (count)', bad, 0, 0, where || undefined);
}
