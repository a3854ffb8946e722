/**
 * FT3: with white inputs (Σ = I, Gaussian X) and noiseless targets, the expected risk of the depth-1 fine-tuned map
 * (A1) is (1 − P/N1)‖Δ‖². The band is derived, not an SE multiple: with Σ = I the span of X is a uniformly random
 * P-dimensional subspace, so R/‖Δ‖² = 1 − B with B ~ Beta(P/2, (N1−P)/2), bounded in [0, 1] with the known variance
 * 2P(N1−P)/(N1²(N1+2)). Bernstein's inequality for the mean of n such draws gives P(|R̄ − μ| ≥ t) ≤ 2exp(−nt²/(2v + 2Mt/3))
 * with M = ‖Δ‖², v = M²·Var B; t is set so that this is FT3_DELTA.
 */
import fc from 'fast-check';
import { arbLogUniform, arbSeed, arbUniform } from '../arbitraries/primitives.js';
import { nearestInterpolant } from '../finetune/interpolant.js';
import { inputSpan } from '../finetune/projection.js';
import { populationRisk } from '../finetune/risk.js';
import { drawTeachers } from '../finetune/teachers.js';
import { matmul } from '../linalg/gemm.js';
import { columns, identity, type Mat } from '../linalg/mat.js';
import { frobeniusDistSq } from '../linalg/norms.js';
import { createRng, normals } from '../random/rng.js';
import { twoSided, type Claim, type Outcome, type PlantedBug, type Scale } from './claim.js';

/** An FT3 instance: N1 ∈ [4, 16] with 500 draws (CI) or N1 ∈ [4, 60] with FINETUNE.md's 2000 (thorough), P ∈ [1, N1 − 1], N3 = 1, Σ = I. */
export interface Ft3Spec {
  readonly inputDim: number;
  readonly examples: number;
  readonly sourceNorm: number;
  readonly targetScale: number;
  readonly targetAngle: number;
  readonly draws: number;
  readonly seed: number;
}

/** Per-instance false-failure probability of the Bernstein band (its right-hand side). */
export const FT3_DELTA = 1e-7;

function arbitrary(scale: Scale): fc.Arbitrary<Ft3Spec> {
  const maxN1 = scale === 'ci' ? 16 : 60;
  const draws = scale === 'ci' ? 500 : 2000;
  return fc
    .record({
      n1: fc.integer({ min: 4, max: maxN1 }),
      pf: arbUniform(0, 1),
      sourceNorm: arbLogUniform(0.1, 10),
      targetScale: arbUniform(0, 3),
      targetAngle: arbUniform(0, Math.PI),
      seed: arbSeed(),
    })
    .map((d) => ({
      inputDim: d.n1,
      examples: 1 + Math.min(d.n1 - 2, Math.floor(d.pf * (d.n1 - 1))),
      sourceNorm: d.sourceNorm,
      targetScale: d.targetScale,
      targetAngle: d.targetAngle,
      draws,
      seed: d.seed,
    }));
}

function check(spec: Ft3Spec, impl: Ft3Impl): Outcome {
  const rng = createRng(spec.seed);
  const n1 = spec.inputDim;
  const p = spec.examples;
  const { source, target } = drawTeachers({ ...spec, outputDim: 1 }, rng.fork('teachers'));
  const sigma = identity(n1);
  const inputs = rng.fork('inputs');
  let sum = 0;
  for (let d = 0; d < spec.draws; d++)
    sum += impl.fineTunedRisk(source, target, { rows: n1, cols: p, data: normals(inputs, n1 * p) }, sigma);
  const mean = sum / spec.draws;
  const m = frobeniusDistSq(target, source);
  const predicted = (1 - p / n1) * m;
  const v = m * m * ((2 * p * (n1 - p)) / (n1 * n1 * (n1 + 2)));
  const l = Math.log(2 / FT3_DELTA);
  const t = ((m * l) / 3 + Math.sqrt(((m * l) / 3) ** 2 + 2 * spec.draws * v * l)) / spec.draws;
  return twoSided(
    mean,
    predicted,
    t,
    `mean risk of (A1) over ${spec.draws} Gaussian X vs (1 − P/N1)‖Δ‖² (N1 = ${n1}, P = ${p}, Bernstein band at ${FT3_DELTA})`,
  );
}

/** What FT3 exercises: the population risk of the depth-1 fine-tuned map for given inputs (noiseless targets). */
export interface Ft3Impl {
  readonly fineTunedRisk: (source: Mat, target: Mat, x: Mat, sigma: Mat) => number;
}

const implementation: Ft3Impl = {
  fineTunedRisk: (source, target, x, sigma) =>
    populationRisk(nearestInterpolant(source, matmul(target, x), inputSpan(x)), target, sigma),
};

const plantedBugs: readonly PlantedBug<Ft3Impl>[] = [
  {
    name: 'minimum-norm fit',
    description: 'fine-tunes to yX⁺, losing the source (risk (1 − P/N1)‖W_T‖² instead of (1 − P/N1)‖Δ‖²)',
    implementation: {
      fineTunedRisk: (_source, target, x, sigma) =>
        populationRisk(matmul(matmul(target, x), inputSpan(x).pinv), target, sigma),
    },
  },
  {
    name: 'one sample dropped',
    description: 'projects on the span of the first P − 1 samples only (an off-by-one in the sample loop)',
    implementation: {
      fineTunedRisk: (source, target, x, sigma) => {
        if (x.cols < 2) return populationRisk(source, target, sigma);
        const xs = columns(x, 0, x.cols - 1);
        return populationRisk(nearestInterpolant(source, matmul(target, xs), inputSpan(xs)), target, sigma);
      },
    },
  },
];

/** FT3: isotropic expected risk of depth-1 fine-tuning (statistical). */
export const ft03IsotropicRisk: Claim<Ft3Spec, Ft3Impl> = {
  id: 'FT3',
  name: 'isotropic expected risk of depth-1 fine-tuning',
  statement:
    'With Σ = I, Gaussian inputs and noiseless targets, the risk of (A1) averages to (1 − P/N1)‖W_T − W_S‖² over X: the mean of 500 (CI) or 2000 (thorough) draws lies within a Bernstein band ' +
    'derived from R/‖Δ‖² ~ 1 − Beta(P/2, (N1 − P)/2), at per-instance false-failure probability 1e-7.',
  reference: 'FINETUNE.md §2 (A2) isotropic case; §4 FT3',
  kind: 'statistical',
  falseFailure: {
    perInstance: FT3_DELTA,
    source:
      'derived: Bernstein inequality for the mean of n i.i.d. draws in [0, ‖Δ‖²] with the exact Beta variance; the band is where its bound equals 1e-7',
  },
  instances: { ci: 100, thorough: 300 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
