/**
 * C6: for a teacher whose modes are above θ_A + 0.5σ_z and ≥ σ_z apart, the α-th singular value of Σ31 = W̄ + Z lies
 * within 6σ_z/√N1 of ŝ(s̄_α) (4.4) on every draw; the fluctuation scale is σ_z/√N1, not σ_z/√N3. Checked on random draws
 * (statistical, §4.3).
 */
import type fc from 'fast-check';
import { arbSpikedModel, type SpikedModel } from '../arbitraries/spikedModel.js';
import { singularValues } from '../linalg/svd.js';
import { createRng } from '../random/rng.js';
import { noisySingularValue } from '../rmt/spikedModel.js';
import { twoSided, worstOf, type Claim, type Scale, type PlantedBug } from './claim.js';
import { perDrawSpikedDomain } from './support/spikedDomain.js';
import { oneHotTaskData } from './support/tasks.js';

/** A C6 instance: rank 1–3, the weakest mode ≥ θ_A + 0.5σ_z, consecutive modes ≥ σ_z apart. */
export type C6Spec = SpikedModel;

/** What C6 exercises: the noisy singular value ŝ(s̄) of (4.4) with the σ_z scaling (4.0). */
export interface C6Impl {
  readonly noisySingularValue: (sBar: number, aspect: number, scale: number) => number;
}

/**
 * Tolerance in units of σ_z/√N1. For a strong mode ŝ − s̄ ≈ ūᵀZv̄ + O(σ²/s̄), whose sd is exactly
 * σ_z/√N1; nearer the threshold, and for the other modes of a rank-3 teacher, the measured sd is
 * at most that (0.74–0.98 of it) and the bias at most 0.46 of it (see `falseFailure`).
 */
export const C6_TOLERANCE_SDS = 6;

function arbitrary(scale: Scale): fc.Arbitrary<C6Spec> {
  return arbSpikedModel({
    ...perDrawSpikedDomain(scale),
    minRank: 1,
    maxRank: 3,
    placement: 'above',
    minExcess: 0.5,
    maxExcess: 5,
    minSeparation: 1,
    maxSeparation: 3,
  });
}

function check(spec: C6Spec, impl: C6Impl) {
  const values = singularValues(oneHotTaskData(spec, createRng(spec.seed)).sigma31);
  const tol = (C6_TOLERANCE_SDS * spec.noiseStd) / Math.sqrt(spec.inputDim);
  return worstOf(
    spec.teacherSingularValues.map((sBar, alpha) =>
      twoSided(
        values[alpha],
        impl.noisySingularValue(sBar, spec.aspect, spec.noiseStd),
        tol,
        `ŝ_${alpha + 1} (the ${ordinalLargest(alpha + 1)} singular value) vs (4.4) at s̄=${sBar.toPrecision(5)} (θ_A=${spec.threshold.toPrecision(4)}), ` +
          `A=${spec.aspect.toPrecision(4)}, σ=${spec.noiseStd.toPrecision(4)}, N3=${spec.outputDim}; tolerance ${C6_TOLERANCE_SDS}σ/√N1`,
      ),
    ),
  );
}

const implementation: C6Impl = { noisySingularValue };

const plantedBugs: readonly PlantedBug<C6Impl>[] = [
  {
    name: 'ŝ without the σ_z scaling',
    description: 'ŝ_1(s̄) instead of σ_z ŝ_1(s̄/σ_z) (4.0)',
    implementation: { noisySingularValue: (s, a) => noisySingularValue(s, a, 1) },
  },
  {
    name: 'noise variance normalised by N3',
    description: '(4.4) evaluated with σ_z/√A, the noise scale of entries N(0, σ_z²/N3)',
    implementation: { noisySingularValue: (s, a, sig) => noisySingularValue(s, a, sig / Math.sqrt(a)) },
  },
];

/** C6: the top singular values sit at ŝ(s̄) above the threshold (statistical). */
export const c06NoisySingularValue: Claim<C6Spec, C6Impl> = {
  id: 'C6',
  name: 'noisy singular value ŝ(s̄) above the threshold',
  statement:
    'For a teacher of rank 1–3 whose weakest mode is ≥ θ_A + 0.5σ_z and whose modes are ≥ σ_z apart, the α-th largest singular value of Σ31 = W̄ + Z lies within ' +
    '6σ_z/√N1 of ŝ(s̄_α) (4.4) on every draw (N3 ≥ 25, A ∈ [0.1, 1], σ_z ∈ [0.1, 5]). The fluctuation scale is σ_z/√N1 = √A σ_z/√N3 (the sd of ūᵀZv̄), ' +
    "not σ_z/√N3: THEORY.md's 5σ_z/√N3 is only 5 sd at A = 1 for strong modes (a per-draw false-failure rate ~6e-7), and needlessly loose for small A.",
  reference: '§4.3 (4.4), (4.0); §11 C6',
  kind: 'statistical',
  falseFailure: {
    perInstance: 2e-8,
    source:
      'numpy, same law, z = √N1(ŝ_α − ŝ(s̄_α))/σ_z at N3 = 25 (the smallest N3): rank one, A = 1, s̄ = θ_A + 1.5σ / + 2σ (1e6 draws each): mean −0.07, sd 0.92–0.95, ' +
      'P(|z| > 4) = 5.9e-6 (Gaussian 1.3e-5: lighter than Gaussian); rank three with 1σ gaps, A = 1 (5.1e5 draws each): strong modes (8, 7, 6)σ sd ≤ 0.98, ' +
      'means +0.09/−0.07/−0.24 (mode repulsion); near threshold (θ_A + 2.5, 1.5, 0.5)σ sd ≤ 0.95, weakest-mode mean −0.46, sd 0.74; largest |z| 4.77 in 3.6e6 mode draws. ' +
      'Gaussian tail at ≥ 5.4 sd from the mean, three modes: ≤ 1e-8 per instance, ×2 margin; node, the claim itself over 2e4 generated instances: no failure, largest ratio 0.67',
  },
  instances: { ci: 100, thorough: 500 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};

/** "largest", "2nd largest", "3rd largest", "4th largest", … (never "1-th"). */
function ordinalLargest(k: number): string {
  if (k === 1) return 'largest';
  const teen = k % 100 >= 11 && k % 100 <= 13;
  const suffix = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[k % 10] ?? 'th');
  return `${k}${suffix} largest`;
}
