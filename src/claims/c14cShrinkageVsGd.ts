/**
 * C14c: the empirical asymptotic shrinker beats GD's best stopping point on average over tasks, not per instance for
 * one strong mode (§7, THEORY.md §11 C14(c) [AUDITED 2026-11-24]; statistical).
 */
import fc from 'fast-check';
import { arbLogUniform, arbSeed, arbUniform } from '../arbitraries/primitives.js';
import { halfTime } from '../dynamics/modeStrength.js';
import { fromFactors, type Mat } from '../linalg/mat.js';
import { frobeniusDistSq } from '../linalg/norms.js';
import type { Svd } from '../linalg/svd.js';
import { createRng } from '../random/rng.js';
import { globalMinimum, modeTimeAnchors } from '../theory/optimalStopping.js';
import { buildSemiAnalyticModel, semiAnalyticPoint, type SemiAnalyticModel } from '../theory/semiAnalytic.js';
import { shrinkageEstimator, shrinkageStrength } from '../theory/shrinkage.js';
import { atLeast, type Claim, type Scale, type PlantedBug } from './claim.js';
import { oneHotTask } from './support/tasks.js';

/** A C14(c) instance: a P = N1 task family (one-hot inputs), a training-aligned student and R seeds. */
export interface C14cSpec {
  readonly inputDim: number;
  readonly outputDim: number;
  /** N2 of the one-hidden-layer student, in [N̄2, N3]. */
  readonly hiddenDim: number;
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
  readonly initScale: number;
  /** R, the number of independent tasks (teacher and noise) averaged. */
  readonly seeds: number;
  readonly seed: number;
}

/** Tolerance constant K of the finite-size floor K·N̄2σ_z²/(N3 Σ s̄²) (see c14cShrinkage's falseFailure). */
export const C14C_FLOOR_CONSTANT = 12;
const LEARNING_RATE = 1e-3;

function arbitrary(scale: Scale): fc.Arbitrary<C14cSpec> {
  const [minN3, maxN3] = scale === 'ci' ? [25, 32] : [25, 100];
  return fc
    .record({
      n3: fc.integer({ min: minN3, max: maxN3 }),
      aspect: arbUniform(0.25, 1),
      rank: fc.integer({ min: 1, max: 3 }),
      // Every mode between 1.5θ_A and 12σ_z (nearer the threshold the empirical shrinker loses to GD by far more, see the statement).
      levels: fc.array(arbUniform(), { minLength: 3, maxLength: 3 }),
      width: arbUniform(),
      noiseStd: arbLogUniform(0.5, 2),
      initScale: arbLogUniform(1e-6, 1e-3),
      seed: arbSeed(),
    })
    .map((d): C14cSpec => {
      const n1 = Math.max(d.n3, Math.round(d.n3 / d.aspect));
      const theta = Math.pow(d.n3 / n1, 0.25);
      const lo = Math.log(1.5 * theta);
      const sBar = d.levels
        .slice(0, d.rank)
        .map((u) => d.noiseStd * Math.exp(lo + u * (Math.log(12) - lo)))
        .sort((a, b) => b - a);
      return {
        inputDim: n1,
        outputDim: d.n3,
        hiddenDim: d.rank + Math.floor(d.width * (d.n3 - d.rank + 1)),
        teacherSingularValues: sBar,
        noiseStd: d.noiseStd,
        initScale: d.initScale,
        seeds: 10,
        seed: d.seed,
      };
    });
}

/**
 * Continuous minimum of a training-aligned student's test error (the gradient flow, (5.3) with the
 * §3 dynamics; GD with λŝ ≤ 0.05 follows it within C2) on [0, horizon]: globalMinimum sampled at 20
 * uniform times and, for the top N̄2 + 2 modes, on their sigmoid (logit step 2) and where each passes
 * |c_k|, then the best two refined by Brent. Agrees with semiAnalyticOptimalStopping (denser sampling) to 1e-15 on
 * 500 checked instances of this domain at a tenth of the cost.
 */
export function alignedStudentMinimum(model: SemiAnalyticModel, teacherRank: number, horizon: number): number {
  const anchors: number[] = [];
  for (let k = 0; k < Math.min(model.studentRank, teacherRank + 2); k++) {
    const o = { ...model.dynamics, inputScale: model.inputScale[k] };
    anchors.push(...modeTimeAnchors(model.sHat[k], o, horizon, [Math.abs(model.teacherProjection[k])], 2));
  }
  return globalMinimum((t) => semiAnalyticPoint(model, t).testError, horizon, { anchors, uniform: 20, refine: 2 })
    .minError;
}

/** g = min_t ε_test^TA − ε_test(Ŵ_shr) on each of the instance's R tasks, and the floor the mean must clear. */
export function c14cGaps(spec: C14cSpec, shrink: C14cImpl): { gaps: number[]; floor: number } {
  const rank = spec.teacherSingularValues.length;
  const edge = spec.noiseStd * (1 + Math.sqrt(spec.outputDim / spec.inputDim));
  // Past 3 half-times of 0.9× the bulk edge every mode above it is learned; later only noise is fitted.
  const horizon = 3 * halfTime(0.9 * edge, { initScale: spec.initScale, tau: 1 / LEARNING_RATE, depth: 2 });
  const gaps: number[] = [];
  for (let r = 0; r < spec.seeds; r++) {
    const task = oneHotTask(spec, createRng(spec.seed).fork(`task${r}`));
    let shrinkError: number;
    try {
      shrinkError = frobeniusDistSq(shrink(task.sigma31, spec.noiseStd, task.svd31), task.teacher) / task.teacherNormSq;
    } catch {
      shrinkError = NaN;
    }
    const model = buildSemiAnalyticModel(
      task,
      { hiddenDims: [spec.hiddenDim], initScale: spec.initScale },
      LEARNING_RATE,
    );
    gaps.push(alignedStudentMinimum(model, rank, horizon) - shrinkError);
  }
  const normSq = spec.teacherSingularValues.reduce((a, s) => a + s * s, 0);
  const floor = 0.003 + (C14C_FLOOR_CONSTANT * rank * spec.noiseStd ** 2) / (spec.outputDim * normSq);
  return { gaps, floor };
}

function check(spec: C14cSpec, shrink: C14cImpl) {
  const { gaps, floor } = c14cGaps(spec, shrink);
  const mean = gaps.reduce((a, g) => a + g, 0) / gaps.length;
  return atLeast(
    mean,
    0,
    floor,
    `mean over ${gaps.length} tasks of g = min_t ε_test^TA − ε_test(Ŵ_shr) (floor −(0.003 + ${C14C_FLOOR_CONSTANT}·N̄2σ_z²/(N3Σs̄²))); gaps ${gaps.map((g) => g.toPrecision(3)).join(', ')}`,
  );
}

/** What C14(c) exercises: the empirical shrinker Ŵ_shr of (7.1) applied to Σ31. */
export type C14cImpl = (sigma31: Mat, noiseStd: number, decomposition: Svd) => Mat;

const libraryShrinker: C14cImpl = (sigma31, noiseStd, decomposition) =>
  shrinkageEstimator(sigma31, noiseStd, decomposition).weights;

/** The shrinker with its strengths replaced (bugs). */
function shrinkerWith(strength: (sHat: number, aspect: number, noiseStd: number) => number): C14cImpl {
  return (sigma31, noiseStd, dec) => {
    const aspect = Math.min(sigma31.rows, sigma31.cols) / Math.max(sigma31.rows, sigma31.cols);
    return fromFactors(
      dec.u,
      Float64Array.from(dec.s, (s) => strength(s, aspect, noiseStd)),
      dec.v,
    );
  };
}

const implementation: C14cImpl = libraryShrinker;

const plantedBugs: readonly PlantedBug<C14cImpl>[] = [
  {
    name: 'noise level ignored',
    description: 'the shrinker uses σ_z = 1 (bulk edge 1 + √A) whatever the noise level',
    implementation: (sigma31, _noiseStd, dec) => shrinkageEstimator(sigma31, 1, dec).weights,
  },
  {
    name: 'strengths not rescaled by σ_z',
    description: 'η(ŝ/σ_z) of (7.1) used as the strength, without the factor σ_z of s^shr = σ_z·η(ŝ/σ_z)',
    implementation: shrinkerWith((s, a, sigma) => shrinkageStrength(s / sigma, a, 1)),
  },
  {
    name: 'hard threshold',
    description: 'keeps ŝ for every mode above the bulk edge instead of shrinking it to s̄𝒪',
    implementation: shrinkerWith((s, a, sigma) => (s > sigma * (1 + Math.sqrt(a)) ? s : 0)),
  },
];

/** C14(c): the empirical shrinker vs GD's best stopping point, averaged over R tasks (statistical). */
export const c14cShrinkageVsGd: Claim<C14cSpec, C14cImpl> = {
  id: 'C14c',
  name: 'the empirical shrinker is not beaten by gradient descent on average',
  statement:
    'For P = N1, one-hidden-layer training-aligned students (N2 ∈ [N̄2, N3]), σ_z ∈ [1/2, 2], ε ∈ [1e-6, 1e-3], A ∈ [1/4, 1], N3 ∈ [25, 32] (CI; up to 100 thorough), ' +
    'rank 1–3 with every teacher mode between 1.5θ_A and 12σ_z: ' +
    'over R = 10 independent tasks the mean of g = min_t ε_test^TA(t) − ε_test(Ŵ_shr) is ≥ −(0.003 + 12·N̄2σ_z²/(N3 Σ s̄²)). ' +
    'min_t is the continuous minimum of the gradient-flow student (5.3) (GD follows it within C2), an oracle choice of stopping time. ' +
    'What is NOT true: (i) g ≥ 0 per instance — for a single strong rank-one mode GD beats (7.1) systematically (THEORY §7); ' +
    "(ii) THEORY's floor −(0.003 + 3 SE): at N3 ∈ [25, 40] it fails in 5 of 10000 instances with all modes ≥ 1.5θ_A and in 109 of 2000 with modes anywhere in [0.5θ_A, 12σ_z], " +
    "because the shrinker's finite-size loss is of order N̄2σ_z²/(N3Σs̄²) (mean g ≈ −0.01 to −0.06 for one mode at 1.5–2.5θ_A with A ≈ 1), not 0.003; " +
    '(iii) any such floor near or below the threshold (s̄ < 1.5θ_A): there single tasks give g down to −0.38.',
  reference: '§7 (7.1)–(7.3); §11 C14(c) [AUDITED]',
  kind: 'statistical',
  falseFailure: {
    perInstance: 1e-6,
    source:
      'measured (throw-away script, 10000 instances with N3 ∈ [25, 40], R = 10 tasks each, 4993 of them with N3 ≤ 32): 0 failures; the statistic ' +
      '(mean g + 0.003)/(N̄2σ_z²/(N3Σs̄²)) has quantiles −1.47 (1e-2), −4.43 (1e-3) and minimum −5.04 for N3 ≤ 32 (−5.16 over all); an exponential fit to the ' +
      'lowest 1% has rate 0.93 per unit, so P(< −12) ≈ 1e-2·e^{−0.93·10.5} ≈ 5e-7, rounded up to 1e-6. Thorough sizes (N3 ∈ [50, 100], 200 instances): minimum −0.46',
  },
  instances: { ci: 100, thorough: 300 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
