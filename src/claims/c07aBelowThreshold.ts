/**
 * C7a: below the detectability threshold the data show no trace of the teacher mode on any draw: the
 * top singular value sits at the bulk edge and its vectors do not point at the teacher (§4.2–§4.4).
 */
import type fc from 'fast-check';
import { arbSpikedModel, type SpikedModel } from '../arbitraries/spikedModel.js';
import { createRng } from '../random/rng.js';
import { detectabilityThreshold, noisySingularValue, overlap } from '../rmt/spikedModel.js';
import { twoSided, worstOf, type Claim, type Scale, type PlantedBug } from './claim.js';
import { perDrawSpikedDomain } from './support/spikedDomain.js';
import { oneHotTaskData } from './support/tasks.js';
import { topModeImage } from './support/topModeImage.js';

/** A C7a instance: rank one with s̄ = θ_A·f, f ∈ [0, 0.5]. */
export type C7aSpec = SpikedModel;

/** |ŝ1 − σ(1 + √A)| ≤ C7A_EDGE_TW · c_A σ N3^{-2/3} (Tracy–Widom units). */
export const C7A_EDGE_TW = 9;
/** |(û1·ū)(v̂1·v̄)| ≤ C7A_OVERLAP / √N3 (THEORY.md's 3/√N3 fails at ~8e-6 per draw). */
export const C7A_OVERLAP = 4;

function arbitrary(scale: Scale): fc.Arbitrary<C7aSpec> {
  return arbSpikedModel({
    ...perDrawSpikedDomain(scale),
    minRank: 1,
    maxRank: 1,
    placement: 'below',
    minFraction: 0,
    maxFraction: 0.5,
  });
}

function check(spec: C7aSpec, impl: C7aImpl) {
  const img = topModeImage(oneHotTaskData(spec, createRng(spec.seed)));
  const sBar = spec.teacherSingularValues[0];
  const { aspect: a, noiseStd: sigma, outputDim: n3 } = spec;
  const at = `s̄=${sBar.toPrecision(4)} = ${(sBar / spec.threshold).toPrecision(3)}θ_A, A=${a.toPrecision(4)}, σ=${sigma.toPrecision(4)}, N3=${n3}`;
  return worstOf([
    twoSided(
      img.sHat,
      impl.noisySingularValue(sBar, a, sigma),
      C7A_EDGE_TW * topSingularValueScale(a, sigma, n3),
      `ŝ1 vs the bulk edge (4.4) within ${C7A_EDGE_TW} Tracy–Widom units at ${at}`,
    ),
    twoSided(
      img.uOverlap * img.vOverlap,
      impl.overlap(sBar, a, sigma),
      C7A_OVERLAP / Math.sqrt(n3),
      `(û1·ū)(v̂1·v̄) vs 𝒪 = 0 (4.8) within ${C7A_OVERLAP}/√N3 at ${at}`,
    ),
  ]);
}

/** Tracy–Widom scale of the top noise singular value, c_A σ N3^{-2/3} with c_A = √A(1 + √A)^{1/3}/2 (Johnstone's λ scale mapped through s = σ√λ). */
export function topSingularValueScale(aspect: number, noiseStd: number, outputDim: number): number {
  return (noiseStd * Math.sqrt(aspect) * Math.cbrt(1 + Math.sqrt(aspect)) * Math.pow(outputDim, -2 / 3)) / 2;
}

/** What C7a exercises: ŝ(s̄) (the bulk edge below θ_A, (4.4)) and 𝒪(s̄) (0 below θ_A, (4.8)). */
export interface C7aImpl {
  readonly noisySingularValue: (sBar: number, aspect: number, scale: number) => number;
  readonly overlap: (sBar: number, aspect: number, scale: number) => number;
}

/** (4.8) applied below the threshold (no clamp to 0): negative, and −∞ at s̄ = 0. */
function unclampedOverlap(sBar: number, a: number, sigma: number): number {
  const q = (sigma / sBar) ** 2;
  return (1 - a * q * q) / Math.sqrt((1 + a * q) * (1 + q));
}

const implementation: C7aImpl = { noisySingularValue, overlap };

const plantedBugs: readonly PlantedBug<C7aImpl>[] = [
  {
    name: 'edge σ(1 + A)',
    description: 'the bulk edge written σ_z(1 + A) instead of σ_z(1 + √A)',
    implementation: {
      noisySingularValue: (s, a, sig) =>
        s > detectabilityThreshold(a, sig) ? noisySingularValue(s, a, sig) : sig * (1 + a),
      overlap,
    },
  },
  {
    name: 'ŝ without the σ_z scaling',
    description: 'ŝ_1(s̄) instead of σ_z ŝ_1(s̄/σ_z): the edge at 1 + √A whatever σ_z',
    implementation: { noisySingularValue: (s, a) => noisySingularValue(s, a, 1), overlap },
  },
  {
    name: 'unclamped overlap',
    description: '(4.8) evaluated below the threshold instead of 0',
    implementation: { noisySingularValue, overlap: unclampedOverlap },
  },
];

/** C7a: no outlier and no overlap below θ_A/2 (statistical). */
export const c07aBelowThreshold: Claim<C7aSpec, C7aImpl> = {
  id: 'C7a',
  name: 'no outlier and no overlap below the threshold',
  statement:
    'For a rank-one teacher with s̄ ≤ θ_A/2 (A ∈ [0.1, 1], N3 ≥ 25), on every draw the top singular value of Σ31 = W̄ + Z is within 9 Tracy–Widom units ' +
    'c_A σ_z N3^{-2/3}, c_A = √A(1 + √A)^{1/3}/2, of the bulk edge σ_z(1 + √A) = ŝ(s̄), and the signed overlap (û1·ū)(v̂1·v̄) is within 4/√N3 of 𝒪(s̄) = 0. ' +
    "THEORY.md's bounds 4σ_z N3^{-2/3} (only 6.3 Tracy–Widom units at A = 1) and 3/√N3 hold on most draws but fail at ~4e-6 and ~8e-6 per draw at A = 1, N3 = 25, s̄ = θ_A/2.",
  reference: '§4.1, §4.2 (4.3), §4.3 (4.4), §4.4 (4.8); §11 C7',
  kind: 'statistical',
  falseFailure: {
    perInstance: 5e-8,
    source:
      'numpy, same law, 1.02e6 draws at the worst corner (A = 1, N3 = 25, s̄ = θ_A/2; smaller A, larger N3 or weaker s̄ only shrink both statistics): ' +
      '(ŝ1 − edge)/(c_A σ N3^{-2/3}) has mean −1.34, sd 1.27 (Tracy–Widom β = 1: −1.21, 1.27); P(> 4, 5, 6) = 1.7e-4, 2.0e-5, 3.9e-6, P(< −6) = 7.8e-6 ' +
      '(left tail cubic-exponential); the right tail extrapolated exponentially (factor 6.7 per unit, conservative: the TW tail is exp(−⅔s^{3/2})) gives 1.3e-8 at 9; ' +
      '√N3·(û1·ū)(v̂1·v̄) has mean +0.26 (the subcritical spike still tilts the vectors), sd 0.37, |·| quantiles 1e-3/1e-4/1e-5 at 2.16/2.59/2.94 with shrinking ' +
      'spacing, extrapolated P(> 4) ≤ 1e-9; so ≤ 2e-8 per instance, ×2 margin; node, the claim itself over 2e4 generated instances: no failure, largest ratio 0.59',
  },
  instances: { ci: 100, thorough: 1000 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
