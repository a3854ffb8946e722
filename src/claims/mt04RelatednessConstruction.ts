/**
 * MT4 (MULTITASK.md §1, §3.5, §5): the relatedness construction is exact — W_A W_Bᵀ = q s_A s_B I_r,
 * W_A W_Aᵀ = s_A² I_r, W_B W_Bᵀ = s_B² I_r — and the joint teacher [w_A W_A; w_B W_B] has the two
 * singular values of THEORY.md (8.1) for (s_A, s_B, q), each r times. Checked on the product's teacher
 * generator over random sizes, scales and relatedness values.
 */
import fc from 'fast-check';
import { arbLogUniform, arbSeed, arbUniform } from '../arbitraries/primitives.js';
import { matmul } from '../linalg/gemm.js';
import { zeros, type Mat } from '../linalg/mat.js';
import { singularValues } from '../linalg/svd.js';
import { jointTeacherSpectrum } from '../multitask/theory.js';
import { drawTeacherPair, type TeacherPair, type TeacherPairSpec } from '../multitask/teacher.js';
import { createRng, type Rng } from '../random/rng.js';
import { twoSided, worstOf, type Claim, type Outcome, type PlantedBug, type Scale } from './claim.js';

/** An MT4 instance: sizes, scales, relatedness and the seed the teachers are drawn from. */
export interface MT4Spec extends TeacherPairSpec {
  readonly seed: number;
}

/** Float64 rounding of r×d products of orthonormal rows, relative to s_A s_B (or s_A²); far below any construction error. */
export const MT4_TOL = 1e-12;

function arbitrary(scale: Scale): fc.Arbitrary<MT4Spec> {
  const maxD = scale === 'ci' ? 40 : 200;
  return fc
    .record({
      inputDim: fc.integer({ min: 2, max: maxD }),
      classes: fc.integer({ min: 2, max: scale === 'ci' ? 12 : 40 }),
      rankFraction: arbUniform(0, 1),
      scaleA: arbLogUniform(1e-2, 10),
      scaleB: arbLogUniform(1e-2, 10),
      relatedness: fc.oneof(fc.constantFrom(0, 0.25, 0.5, 0.75, 1), arbUniform(0, 1)),
      seed: arbSeed(),
    })
    .map(({ rankFraction, ...s }) => {
      const maxRank = Math.max(1, Math.min(Math.floor(s.inputDim / 2), s.classes));
      return { ...s, rank: Math.min(maxRank, 1 + Math.floor(rankFraction * maxRank)) };
    });
}

/** Largest |entry of A − c·I| relative to `unit`. */
function offIdentity(a: Mat, c: number, unit: number): number {
  let worst = 0;
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) worst = Math.max(worst, Math.abs(a.data[i * a.cols + j] - (i === j ? c : 0)));
  return worst / unit;
}

/** The joint teacher [M_A; M_B] (2C×d). */
function stack(a: Mat, b: Mat): Mat {
  const out = zeros(a.rows + b.rows, a.cols);
  out.data.set(a.data, 0);
  out.data.set(b.data, a.data.length);
  return out;
}

function check(spec: MT4Spec, impl: MT4Impl): Outcome {
  const pair = impl.drawPair(spec, createRng(spec.seed));
  const { scaleA: sA, scaleB: sB, relatedness: q, rank: r } = spec;
  const cross = offIdentity(matmul(pair.a.features, pair.b.features, { transB: true }), q * sA * sB, sA * sB);
  const selfA = offIdentity(matmul(pair.a.features, pair.a.features, { transB: true }), sA * sA, sA * sA);
  const selfB = offIdentity(matmul(pair.b.features, pair.b.features, { transB: true }), sB * sB, sB * sB);
  const predicted = impl.spectrum(sA, sB, q, r);
  const measured = singularValues(stack(pair.a.map, pair.b.map));
  const top = Math.max(sA, sB);
  let spectrumGap = 0;
  for (let k = 0; k < measured.length; k++)
    spectrumGap = Math.max(spectrumGap, Math.abs(measured[k] - (k < predicted.length ? predicted[k] : 0)) / top);
  return worstOf([
    twoSided(cross, 0, MT4_TOL, 'max |W_A W_Bᵀ − q s_A s_B I_r| / (s_A s_B)'),
    twoSided(selfA, 0, MT4_TOL, 'max |W_A W_Aᵀ − s_A² I_r| / s_A²'),
    twoSided(selfB, 0, MT4_TOL, 'max |W_B W_Bᵀ − s_B² I_r| / s_B²'),
    twoSided(spectrumGap, 0, MT4_TOL, 'max_k |σ_k([w_A W_A; w_B W_B]) − (8.1) with multiplicity r| / max(s_A, s_B)'),
  ]);
}

/** What MT4 exercises: the teacher-pair generator and the joint-spectrum formula. */
export interface MT4Impl {
  drawPair(spec: TeacherPairSpec, rng: Rng): TeacherPair;
  spectrum(scaleA: number, scaleB: number, relatedness: number, rank: number): number[];
}

const implementation: MT4Impl = { drawPair: drawTeacherPair, spectrum: jointTeacherSpectrum };

/** Rebuilds task B's features from the pair's basis with another mixing rule. */
function remixed(mix: (q: number) => [number, number]): MT4Impl {
  return {
    ...implementation,
    drawPair(spec, rng) {
      const pair = drawTeacherPair(spec, rng);
      const { rank: r, inputDim: d } = spec;
      const [c1, c2] = mix(spec.relatedness);
      const features = zeros(r, d);
      for (let i = 0; i < r * d; i++)
        features.data[i] = spec.scaleB * (c1 * pair.basis.data[i] + c2 * pair.basis.data[r * d + i]);
      return { ...pair, b: { ...pair.b, features, map: matmul(pair.b.outputMap, features) } };
    },
  };
}

const draftMixing: PlantedBug<MT4Impl> = {
  name: 'draft mixing √q w₁ + (1 − √q) w₂',
  description: "task B's features mixed as in the pre-fix draft (THEORY.md D11): not unit norm, overlap ≠ q",
  implementation: remixed((q) => [Math.sqrt(q), 1 - Math.sqrt(q)]),
};

const linearMixing: PlantedBug<MT4Impl> = {
  name: 'q w₁ + (1 − q) w₂',
  description: "task B's features mixed linearly in q instead of q w₁ + √(1 − q²) w₂",
  implementation: remixed((q) => [q, 1 - q]),
};

const singleMultiplicity: PlantedBug<MT4Impl> = {
  name: 'joint spectrum without multiplicity',
  description: 'returns the (8.1) pair once instead of r times',
  implementation: { ...implementation, spectrum: (sA, sB, q) => jointTeacherSpectrum(sA, sB, q, 1) },
};

/** MT4: relatedness construction (exact). */
export const mt04RelatednessConstruction: Claim<MT4Spec, MT4Impl> = {
  id: 'MT4',
  name: 'relatedness construction',
  statement:
    'The teacher pair of the multitask protocol satisfies W_A W_Bᵀ = q s_A s_B I_r and W_A W_Aᵀ = s_A² I_r (W_B W_Bᵀ = s_B² I_r) to 1e-12, and the joint teacher [w_A W_A; w_B W_B] has the two singular values of (8.1) for (s_A, s_B, q), each with multiplicity r, and no others.',
  reference: 'MULTITASK.md §1 (relatedness), §3.5, §5 MT4; THEORY.md §8.2 (8.1)',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source: 'exact identity; 1e-12 covers float64 rounding of products of orthonormal rows and of the SVD',
  },
  instances: { ci: 100, thorough: 1000 },
  arbitrary,
  implementation,
  check,
  plantedBugs: [draftMixing, linearMixing, singleMultiplicity],
};
