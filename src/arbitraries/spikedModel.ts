import fc from 'fast-check';
import { detectabilityThreshold } from '../rmt/spikedModel.js';
import { arbInt, arbLogUniform, arbSeed, arbUniform } from './primitives.js';

/**
 * Random-matrix instances for properties of §4: Gaussian noise Z (N3×N1, entries N(0, σ_z²/N1),
 * (1.3)) with or without a planted low-rank teacher placed relative to the detectability
 * threshold θ_A = σ_z A^{1/4} (4.3). Everything is plain JSON; the matrices are drawn from `seed`
 * by whoever checks the instance, so shrinking acts on sizes, noise level and spectrum only.
 * Continuous parameters are uniform in value (`arbUniform`, log-uniform for σ_z), not over float
 * representations, so statistical claims see their whole domain (with fast-check's mild bias
 * toward the ends of each range).
 */

/** The size and noise level of a §4 noise matrix. */
export interface NoiseModel {
  /** N3 (rows, the short side). */
  readonly outputDim: number;
  /** N1 (columns); N1 ≥ N3. */
  readonly inputDim: number;
  /** A = N3/N1 exactly as realised by the integer sizes, in (0, 1]. */
  readonly aspect: number;
  /** σ_z > 0: noise entries are N(0, σ_z²/N1). */
  readonly noiseStd: number;
}

/** Constraints of `arbNoiseModel`; every field has a default and is checked when the arbitrary is built. */
export interface NoiseModelConstraints {
  /** Smallest N3. @defaultValue 20 */
  readonly minOutputDim?: number;
  /** Largest N3. @defaultValue 100 */
  readonly maxOutputDim?: number;
  /** Smallest aspect ratio A = N3/N1 (up to the rounding of N1, and to `maxInputDim`). @defaultValue 0.1 */
  readonly minAspect?: number;
  /** Largest aspect ratio A = N3/N1 (never exceeded). @defaultValue 1 */
  readonly maxAspect?: number;
  /** Largest N1, a cost cap: where N3/minAspect would exceed it, A is drawn from [N3/maxInputDim, maxAspect] instead. @defaultValue Infinity */
  readonly maxInputDim?: number;
  /** Smallest σ_z (> 0). @defaultValue 0.1 */
  readonly minNoiseStd?: number;
  /** Largest σ_z. @defaultValue 5 */
  readonly maxNoiseStd?: number;
}

interface ResolvedNoise {
  readonly minOutputDim: number;
  readonly maxOutputDim: number;
  readonly minAspect: number;
  readonly maxAspect: number;
  readonly maxInputDim: number;
  readonly minNoiseStd: number;
  readonly maxNoiseStd: number;
}

function resolveNoise(c: NoiseModelConstraints, who: string): ResolvedNoise {
  const r = {
    minOutputDim: c.minOutputDim ?? 20,
    maxOutputDim: c.maxOutputDim ?? 100,
    minAspect: c.minAspect ?? 0.1,
    maxAspect: c.maxAspect ?? 1,
    maxInputDim: c.maxInputDim ?? Infinity,
    minNoiseStd: c.minNoiseStd ?? 0.1,
    maxNoiseStd: c.maxNoiseStd ?? 5,
  };
  arbInt(`${who}: minOutputDim..maxOutputDim`, r.minOutputDim, r.maxOutputDim);
  if (!(r.minOutputDim >= 1)) throw new RangeError(`${who}: minOutputDim must be ≥ 1, got ${r.minOutputDim}`);
  if (!(r.minAspect > 0 && r.minAspect <= r.maxAspect && r.maxAspect <= 1)) {
    throw new RangeError(
      `${who}: need 0 < minAspect ≤ maxAspect ≤ 1 (N3 ≤ N1, §0.3), got ${r.minAspect}, ${r.maxAspect}`,
    );
  }
  if (!(r.maxInputDim >= Math.ceil(r.maxOutputDim / r.maxAspect))) {
    throw new RangeError(
      `${who}: maxInputDim = ${r.maxInputDim} leaves no N1 ≥ maxOutputDim/maxAspect = ${Math.ceil(r.maxOutputDim / r.maxAspect)}`,
    );
  }
  if (!(r.minNoiseStd > 0 && r.maxNoiseStd >= r.minNoiseStd && Number.isFinite(r.maxNoiseStd))) {
    throw new RangeError(`${who}: need 0 < minNoiseStd ≤ maxNoiseStd < ∞, got ${r.minNoiseStd}, ${r.maxNoiseStd}`);
  }
  return r;
}

function noiseRecord(r: ResolvedNoise) {
  return {
    n3: fc.integer({ min: r.minOutputDim, max: r.maxOutputDim }),
    aspectFraction: arbUniform(),
    noiseStd: arbLogUniform(r.minNoiseStd, r.maxNoiseStd),
  };
}

function noiseOf(r: ResolvedNoise, n3: number, f: number, noiseStd: number): NoiseModel {
  const lo = Math.ceil(n3 / r.maxAspect);
  const hi = Math.max(lo, Math.min(Math.floor(n3 / r.minAspect), r.maxInputDim));
  // N1 log-uniform on [lo, hi], i.e. A log-uniform: every scale of A gets the same share.
  const n1 = Math.min(hi, Math.max(lo, Math.round(lo * Math.pow(hi / lo, f))));
  return { outputDim: n3, inputDim: n1, aspect: n3 / n1, noiseStd };
}

/**
 * A noise model: N3 uniform, then N1 log-uniform so that A = N3/N1 is log-uniform in
 * [minAspect, maxAspect], and σ_z log-uniform. Shrinks toward small problems with A = maxAspect
 * and the smallest σ_z.
 */
export function arbNoiseModel(constraints: NoiseModelConstraints = {}): fc.Arbitrary<NoiseModel> {
  const r = resolveNoise(constraints, 'arbNoiseModel');
  return fc.record(noiseRecord(r)).map((d) => noiseOf(r, d.n3, d.aspectFraction, d.noiseStd));
}

/**
 * Where the planted teacher singular values sit relative to θ_A = σ_z A^{1/4}:
 * - `above`: the weakest mode at θ_A + σ_z·excess, each stronger one `separation`·σ_z above the next (§11 C6, C8);
 * - `below`: every mode at θ_A·fraction (§11 C7 uses fraction ≤ 0.5);
 * - `anywhere`: every mode at σ_z·ratio, ratio uniform on [0, maxRatio] (§11 C5).
 */
export type SpikePlacement = 'above' | 'below' | 'anywhere';

/** Constraints of `arbSpikedModel`: those of the noise model plus the teacher's rank and placement. */
export interface SpikedModelConstraints extends NoiseModelConstraints {
  /** Smallest teacher rank N̄2 (0 allows pure noise). @defaultValue 1 */
  readonly minRank?: number;
  /** Largest teacher rank N̄2 (≤ minOutputDim). @defaultValue 1 */
  readonly maxRank?: number;
  /** @defaultValue 'above' */
  readonly placement?: SpikePlacement;
  /** `above`: smallest excess of the weakest mode over θ_A, in units of σ_z (≥ 0). @defaultValue 0.5 */
  readonly minExcess?: number;
  /** `above`: largest excess, in units of σ_z. @defaultValue 5 */
  readonly maxExcess?: number;
  /** `above`: smallest gap between consecutive modes, in units of σ_z (> 0). @defaultValue 1 */
  readonly minSeparation?: number;
  /** `above`: largest gap, in units of σ_z. @defaultValue 3 */
  readonly maxSeparation?: number;
  /** `below`: smallest s̄/θ_A (≥ 0). @defaultValue 0 */
  readonly minFraction?: number;
  /** `below`: largest s̄/θ_A (< 1, so every mode is undetectable). @defaultValue 0.5 */
  readonly maxFraction?: number;
  /** `anywhere`: largest s̄/σ_z. @defaultValue 5 */
  readonly maxRatio?: number;
}

/** A noise model with a planted teacher: the full spec of one random-matrix instance. */
export interface SpikedModel extends NoiseModel {
  /** θ_A = σ_z A^{1/4} (4.3). */
  readonly threshold: number;
  /** s̄, non-increasing; its length is the rank N̄2 (empty for pure noise). */
  readonly teacherSingularValues: readonly number[];
  /** Seed of the teacher's singular vectors and the noise (never shrunk). */
  readonly seed: number;
}

/**
 * A spiked model (§4): a noise model plus a rank-N̄2 teacher placed relative to the threshold by
 * `placement`. The placement parameters are drawn directly (e.g. the excess over θ_A, not s̄
 * followed by a filter) and shrink toward the hardest case: the weakest mode closest to θ_A.
 */
export function arbSpikedModel(constraints: SpikedModelConstraints = {}): fc.Arbitrary<SpikedModel> {
  const who = 'arbSpikedModel';
  const r = resolveNoise(constraints, who);
  const minRank = constraints.minRank ?? 1;
  const maxRank = constraints.maxRank ?? 1;
  const placement = constraints.placement ?? 'above';
  const minExcess = constraints.minExcess ?? 0.5;
  const maxExcess = constraints.maxExcess ?? 5;
  const minSeparation = constraints.minSeparation ?? 1;
  const maxSeparation = constraints.maxSeparation ?? 3;
  const minFraction = constraints.minFraction ?? 0;
  const maxFraction = constraints.maxFraction ?? 0.5;
  const maxRatio = constraints.maxRatio ?? 5;
  arbInt(`${who}: minRank..maxRank`, minRank, maxRank);
  if (!(minRank >= 0 && maxRank <= r.minOutputDim)) {
    throw new RangeError(
      `${who}: need 0 ≤ minRank ≤ maxRank ≤ minOutputDim = ${r.minOutputDim}, got ${minRank}..${maxRank}`,
    );
  }
  if (!['above', 'below', 'anywhere'].includes(placement))
    throw new RangeError(`${who}: placement must be 'above', 'below' or 'anywhere', got ${placement}`);
  if (!(minExcess >= 0 && maxExcess >= minExcess && Number.isFinite(maxExcess))) {
    throw new RangeError(`${who}: need 0 ≤ minExcess ≤ maxExcess < ∞, got ${minExcess}, ${maxExcess}`);
  }
  if (!(minSeparation > 0 && maxSeparation >= minSeparation && Number.isFinite(maxSeparation))) {
    throw new RangeError(`${who}: need 0 < minSeparation ≤ maxSeparation < ∞, got ${minSeparation}, ${maxSeparation}`);
  }
  if (!(minFraction >= 0 && maxFraction >= minFraction && maxFraction < 1)) {
    throw new RangeError(`${who}: need 0 ≤ minFraction ≤ maxFraction < 1, got ${minFraction}, ${maxFraction}`);
  }
  if (!(maxRatio >= 0 && Number.isFinite(maxRatio)))
    throw new RangeError(`${who}: maxRatio must be a finite number ≥ 0, got ${maxRatio}`);
  const slots = Math.max(1, maxRank);
  return fc
    .record({
      ...noiseRecord(r),
      rank: fc.integer({ min: minRank, max: maxRank }),
      positions: fc.array(arbUniform(), { minLength: slots, maxLength: slots }),
      seed: arbSeed(),
    })
    .map((d): SpikedModel => {
      const noise = noiseOf(r, d.n3, d.aspectFraction, d.noiseStd);
      const sigma = noise.noiseStd;
      const threshold = detectabilityThreshold(noise.aspect, sigma);
      const lerp = (lo: number, hi: number, u: number) => lo + u * (hi - lo);
      const u = d.positions.slice(0, d.rank);
      let values: number[];
      if (placement === 'above') {
        // u[0] places the weakest mode; u[1..] are the gaps to the next stronger ones.
        values = [];
        let s = threshold + sigma * lerp(minExcess, maxExcess, u[0] ?? 0);
        for (let k = 0; k < d.rank; k++) {
          if (k > 0) s += sigma * lerp(minSeparation, maxSeparation, u[k]);
          values.push(s);
        }
      } else if (placement === 'below') {
        values = u.map((f) => threshold * lerp(minFraction, maxFraction, f));
      } else {
        values = u.map((f) => sigma * maxRatio * f);
      }
      values.sort((a, b) => b - a);
      return { ...noise, threshold, teacherSingularValues: values, seed: d.seed };
    });
}
