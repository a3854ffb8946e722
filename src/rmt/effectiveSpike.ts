import { assertNonNegative } from './validate.js';
import { detectabilityThreshold, inputOverlapSq, noisySingularValue, outputOverlapSq, overlap } from './spikedModel.js';

/** Sizes and noise of a single task, in the config's conventions (noise variance σ_z²/N1). */
export interface ProblemSize {
  /** N1 */
  readonly inputDim: number;
  /** N3 */
  readonly outputDim: number;
  /** P */
  readonly examples: number;
  /** σ_z */
  readonly noiseStd: number;
}

/** Which §4.5 case applies. */
export type SpikeRegime = 'square' | 'fewer-examples' | 'more-examples';

/**
 * A task mapped onto the standard spiked model ρ_{c,σ_b} with c ≤ 1 (§4.5, §0.3 item 1), in the
 * units of the student's map W: signal s̄_eff = signalScale·s̄; dynamics with Σ11 = inputScale·I
 * on the learned subspace; `transposed` when the output side is the long side (the overlap
 * factors (4.6)/(4.7) then swap sides).
 */
export interface EffectiveSpike {
  readonly regime: SpikeRegime;
  /** c = n/M ≤ 1 with n, M the short and long side of the noise block. */
  readonly aspect: number;
  /** σ_b: the bulk is ρ_{c,σ_b}, edges σ_b(1 ± √c). */
  readonly bulkScale: number;
  /** g: s̄_eff = g·s̄ (√D for P ≤ N1, 1 for P > N1). */
  readonly signalScale: number;
  /** D = P/N1 when P > N1 (Σ11 = D·I), else 1. */
  readonly inputScale: number;
  readonly transposed: boolean;
  /** min(N3, N1, P): the number of data singular values (signal + noise) (5.4). */
  readonly dataRank: number;
}

function assertDim(n: number, name: string): void {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`${name} must be an integer ≥ 1, got ${n}`);
}

/**
 * §4.5 effective quantities: P ≤ N1 → noise block N3×P, M = max(N3, P), n = min(N3, P), c = n/M,
 * σ_b = σ_z√(M/N1), s̄' = s̄√D; P > N1 → W units, σ_eff = σ_z/√D on N3×N1 (transposed when N3 > N1),
 * c = n/M, σ_b = σ_eff√(M/N1), Σ11 = D·I. P = N1 with N3 ≤ N1 gives c = A, σ_b = σ_z (§4.1–§4.4).
 */
export function effectiveSpike(size: ProblemSize): EffectiveSpike {
  const { inputDim: n1, outputDim: n3, examples: p, noiseStd } = size;
  assertDim(n1, 'inputDim');
  assertDim(n3, 'outputDim');
  assertDim(p, 'examples');
  assertNonNegative(noiseStd, 'noiseStd');
  if (p <= n1) {
    const long = Math.max(n3, p);
    const short = Math.min(n3, p);
    return {
      regime: p === n1 ? 'square' : 'fewer-examples',
      aspect: short / long,
      bulkScale: noiseStd * Math.sqrt(long / n1),
      signalScale: Math.sqrt(p / n1),
      inputScale: 1,
      transposed: n3 > p,
      dataRank: short,
    };
  }
  const long = Math.max(n3, n1);
  const short = Math.min(n3, n1);
  return {
    regime: 'more-examples',
    aspect: short / long,
    bulkScale: noiseStd * Math.sqrt(long / p),
    signalScale: 1,
    inputScale: p / n1,
    transposed: n3 > n1,
    dataRank: short,
  };
}

/** The asymptotic image of one teacher mode in the data (W units), §4.3–§4.5. */
export interface SpikeImage {
  /** ŝ in W units (the target of the mode's dynamics; Σ31's value is inputScale·ŝ). */
  readonly sHat: number;
  /** 𝒪 = |û·ū||v̂·v̄| (4.8), w.r.t. the projected teacher direction when P < N1. */
  readonly overlap: number;
  /** |û·ū|², output side (4.6) or (4.7) when transposed. */
  readonly outputOverlapSq: number;
  /** |v̂·v̄|², input side. */
  readonly inputOverlapSq: number;
  /** s̄_eff·𝒪: the mode's optimal strength and its asymptotic c_k of (5.3). */
  readonly optimalStrength: number;
  readonly detectable: boolean;
}

/** ŝ, 𝒪 and the overlap factors of a teacher value s̄ under the effective model (4.4)–(4.8), §4.5. */
export function spikeImage(sBar: number, eff: EffectiveSpike): SpikeImage {
  assertNonNegative(sBar, 'sBar');
  const s = eff.signalScale * sBar;
  const { aspect: c, bulkScale: sb } = eff;
  // (4.6) belongs to the short side (length n), (4.7) to the long side (length M).
  const shortSide = outputOverlapSq(s, c, sb);
  const longSide = inputOverlapSq(s, c, sb);
  const o = overlap(s, c, sb);
  return {
    sHat: noisySingularValue(s, c, sb),
    overlap: o,
    outputOverlapSq: eff.transposed ? longSide : shortSide,
    inputOverlapSq: eff.transposed ? shortSide : longSide,
    optimalStrength: s * o,
    detectable: s > detectabilityThreshold(c, sb),
  };
}

/** The detectability threshold on the config's s̄: σ_b c^{1/4} / g (4.3) under §4.5. */
export function effectiveThreshold(eff: EffectiveSpike): number {
  return detectabilityThreshold(eff.aspect, eff.bulkScale) / eff.signalScale;
}
