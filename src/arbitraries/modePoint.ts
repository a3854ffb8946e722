import fc from 'fast-check';
import { halfTime } from '../dynamics/modeStrength.js';
import { arbInt, arbLogUniform, arbUniform } from './primitives.js';

/**
 * One point of a single decoupled mode's dynamics τṡ = D_w s^{2−2/D_w}(ŝ − c·s), s(0) = ε
 * (THEORY.md (3.2), (3.6)): the parameters and a time, as plain JSON.
 */
export interface ModePoint {
  /** D_w, number of weight matrices. */
  readonly depth: number;
  /** ε, the strength at t = 0. */
  readonly initScale: number;
  /** τ = 1/λ in epochs. */
  readonly tau: number;
  /** c with Σ11 = c·I along the mode (1 for P = N1). */
  readonly inputScale: number;
  /** ŝ ≥ 0, the data singular value driving the mode. */
  readonly sHat: number;
  /** Time in epochs (≥ 0). */
  readonly t: number;
}

/** Where on the ŝ axis a point lies relative to ε: every regime a closed form has to survive. */
export type TargetRegime = 'zero' | 'tiny' | 'decaying' | 'growing';

/** Constraints of `arbModePoint`; every field has a default, checked when the arbitrary is built. */
export interface ModePointConstraints {
  /** @defaultValue 1 */
  readonly minDepth?: number;
  /** @defaultValue 6 */
  readonly maxDepth?: number;
  /** @defaultValue 1e-12 */
  readonly minInitScale?: number;
  /** @defaultValue 1e-1 */
  readonly maxInitScale?: number;
  /** Largest ŝ. @defaultValue 1e3 */
  readonly maxTarget?: number;
  /** Largest t/τ. @defaultValue 1e6 */
  readonly maxTimeInTau?: number;
  /** Draw c ∈ [1/4, 4] in a quarter of the points (otherwise c = 1). @defaultValue true */
  readonly scaledInputs?: boolean;
}

/**
 * Points covering C3's domain (ŝ ∈ [0, 1e3], ε ∈ [1e-12, 1e-1], t ∈ [0, 1e6]τ, D_w ∈ [1, 6]):
 * ŝ is 0, tiny (1e-300 to 1e-15: noise-free data), decaying (ŝ/c between 1e-6ε and ε) or growing
 * (ŝ/c log-uniform from ε to the cap); t is 0, inside the rise (0 to 2 half-times), late (up to 10
 * half-times beyond) or log-uniform over [1e-9, maxTimeInTau]τ. Shrinks toward D_w = minDepth, the
 * smallest ε, ŝ = 0 and t = 0.
 */
export function arbModePoint(c: ModePointConstraints = {}): fc.Arbitrary<ModePoint> {
  const {
    minDepth = 1,
    maxDepth = 6,
    minInitScale = 1e-12,
    maxInitScale = 1e-1,
    maxTarget = 1e3,
    maxTimeInTau = 1e6,
    scaledInputs = true,
  } = c;
  if (!(minInitScale > 0 && maxInitScale >= minInitScale && maxTarget > 0 && maxTimeInTau > 0)) {
    throw new RangeError(`arbModePoint: need 0 < minInitScale ≤ maxInitScale, maxTarget > 0, maxTimeInTau > 0`);
  }
  return fc
    .record({
      depth: arbInt('minDepth..maxDepth', minDepth, maxDepth),
      initScale: arbLogUniform(minInitScale, maxInitScale),
      tau: arbLogUniform(1, 1e4),
      scaled: scaledInputs ? fc.constantFrom(false, false, false, true) : fc.constant(false),
      inputScaleU: arbUniform(),
      regime: fc.constantFrom<TargetRegime>('zero', 'tiny', 'decaying', 'growing', 'growing', 'growing'),
      targetU: arbUniform(),
      timeKind: fc.constantFrom('zero', 'rise', 'rise', 'late', 'log'),
      timeU: arbUniform(),
    })
    .map((d): ModePoint => {
      const inputScale = d.scaled ? Math.pow(4, 2 * d.inputScaleU - 1) : 1;
      const eps = d.initScale;
      const cap = maxTarget / inputScale;
      let limit: number; // ŝ/c
      if (d.regime === 'zero') limit = 0;
      else if (d.regime === 'tiny') limit = Math.pow(10, -300 + 285 * d.targetU);
      else if (d.regime === 'decaying') limit = eps * Math.pow(10, -6 * d.targetU);
      else limit = Math.min(cap, eps * Math.pow(cap / eps, d.targetU));
      const sHat = Math.min(maxTarget, inputScale * limit);
      const o = { initScale: eps, tau: d.tau, depth: d.depth, inputScale };
      // Time scale: the half-time of a growing mode, else τ.
      const scale = inputScale > 0 && sHat / inputScale > 2 * eps ? halfTime(sHat, o) : d.tau;
      let t: number;
      if (d.timeKind === 'zero') t = 0;
      else if (d.timeKind === 'rise') t = 2 * d.timeU * scale;
      else if (d.timeKind === 'late') t = scale * (1 + 10 * d.timeU);
      else t = d.tau * Math.pow(10, -9 + (9 + Math.log10(maxTimeInTau)) * d.timeU);
      return { depth: d.depth, initScale: eps, tau: d.tau, inputScale, sHat, t: Math.min(t, maxTimeInTau * d.tau) };
    });
}
