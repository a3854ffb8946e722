import type { UpdateOrder } from '../config/simulationConfig.js';

/**
 * Stiffness of a mode at strength s: c·D_w·s^{2−2/D_w}, the factor of (ŝ − c·s)/τ in the mode flow (3.6) and the
 * rate, per unit λ, at which the mode relaxes near s (§3.3). One GD step of a mode at its limit moves it by about λ
 * times this, so step sizes and learning rates are chosen in units of it.
 */
export function modeStiffness(strength: number, depth: number, inputScale = 1): number {
  return inputScale * depth * Math.pow(strength, 2 - 2 / depth);
}

/** What the C2 bound depends on (§3.4, §11 C2). */
export interface C2BoundSpec {
  /** Limit of the top mode, ŝ_1/c in W units (c = v̂_1ᵀΣ11v̂_1, 1 for Σ11 = I). */
  readonly topLimit: number;
  /** c of the top mode (default 1). */
  readonly inputScale?: number;
  readonly initScale: number;
  readonly learningRate: number;
  /** D_w. */
  readonly depth: number;
  readonly update: UpdateOrder;
}

/**
 * C2 bound B on |s_k^GD − s(t; ŝ_k)| / max(ŝ_k/c_k, ε): 0.5 λ_eff (sequential), 0.25 λ_eff ln(S/ε) + 0.5 λ_eff
 * (simultaneous), with S = max(ŝ_1/c, ε) and the per-step stiffness λ_eff = λ·modeStiffness(S)/2. For D_w = 2,
 * c = 1 this is the audited C2 (λ_eff = λŝ_1); for deeper students THEORY.md's "same bound" is too tight (measured
 * 1.6× at D_w = 4, ŝ = 3, 2.6× at ŝ = 8; 5.5× at D_w = 6) while this form holds with ratio ≤ 0.6 over
 * D_w ∈ {2, 3, 4, 6}, ŝ ∈ [1, 8], ε ∈ [1e-5, 1e-2], §3.4, §11 C2 [AUDITED].
 */
export function c2StrengthBound(o: C2BoundSpec): number {
  const s = Math.max(o.topLimit, o.initScale);
  const lambdaEff = (o.learningRate * modeStiffness(s, o.depth, o.inputScale ?? 1)) / 2;
  const seq = 0.5 * lambdaEff;
  return o.update === 'sequential' ? seq : 0.25 * lambdaEff * Math.log(s / o.initScale) + seq;
}
