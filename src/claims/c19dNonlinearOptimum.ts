/**
 * C19(d): for leaky-ReLU students, a larger s̄ gives a smaller optimal test error (THEORY.md §9.6, §11 C19),
 * with common random numbers: the same teacher directions, noise and init at s̄ and at c·s̄ (c ∈ [1.2, 2]),
 * trained with the same λ and run length, and min_t ln ε_test must fall by at least ¼ ln c in at least two
 * of three independent draws. The linear theory's scale law (C19a) lowers it by about 2 ln c at high SNR,
 * and so do these students (median fall 2.04 ln c over 3000 rank-2 and rank-3 calibration draws). One draw
 * alone is not a claim: the nonlinear test error can have a second, later dip (a rank-2 draw at slope 0.1,
 * c = 1.2 fell only 0.31 ln c), and the tail of the fall is heavy (see `falseFailure.source`).
 *
 * Rank 1 is not in the domain: a single learned mode gives the nonlinear test error a sharp transient dip
 * (e.g. ln ε_test −1.43 for two or three records, then a plateau at −0.8) whose depth hardly depends on s̄,
 * so the fall of the minimum is erratic (down to 0.58 ln c in 670 pairs; the dip is there at λŝ1 = 0.05
 * too, so it is not a step-size artefact). Nor is the earlier optimum claimed: even in C19a's domain and with
 * common random numbers the argmin came later at c·s̄ in 7 of 300 pairs (by up to 2τ), so no per-seed form
 * of it holds with a useful false-failure rate.
 */
import fc from 'fast-check';
import { arbLogUniform } from '../arbitraries/primitives.js';
import { trainNonlinearStudent } from '../network/nonlinearStudent.js';
import type { Rng } from '../random/rng.js';
import { createRng } from '../random/rng.js';
import { assembleTask, drawTaskParts } from '../task/buildTask.js';
import type { Task } from '../task/task.js';
import { atMost, type Claim, type Outcome, type Scale } from './claim.js';
import {
  arbNonlinearShape,
  C19_NONLINEAR_RATE,
  nonlinearSchedule,
  nonlinearStudentConfig,
  nonlinearTask,
  type NonlinearShapeSpec,
  type NonlinearTrain,
} from './support/nonlinearShapeRun.js';
import { claimTaskSpec } from './support/tasks.js';

/** A C19(d) instance: a nonlinear C19 instance and the factor c > 1 applied to every s̄. */
export interface C19dSpec extends NonlinearShapeSpec {
  readonly factor: number;
}

/** N3 ranges of C19(d): CI and thorough. */
export const C19D_OUTPUT_DIMS: Record<Scale, readonly [number, number]> = { ci: [8, 12], thorough: [12, 18] };

/** Top of the drawn base s̄/σ_z (the scaled run reaches up to 2× this). */
export const C19D_TOP = 6;

/**
 * Every base s̄ ≥ this many thresholds θ_A (C19a's domain for the optimum). Nearer the threshold the optimal
 * error is close to 1 and its ln falls slowly: at s̄ = θ_A + 0.3 (rank 1, slope 0.05, c = 1.2) it fell only
 * 0.55 ln c.
 */
export const C19D_LOW_THETAS = 2.5;

/** The claimed least fall of min ln ε_test, in units of ln c. */
export const C19D_LEAST_FALL = 0.25;

function arbC19d(scale: Scale): fc.Arbitrary<C19dSpec> {
  return fc
    .tuple(
      arbNonlinearShape(C19D_OUTPUT_DIMS, scale, { top: C19D_TOP, lowThetas: C19D_LOW_THETAS, minRank: 2 }),
      arbLogUniform(1.2, 2),
    )
    .map(([s, factor]) => ({ ...s, factor }));
}

/** min_t ln ε_test of one recorded run. */
function minLnTest(testError: readonly number[]): number {
  return Math.log(Math.min(...testError));
}

/** Seeds per instance; the claim is their majority (2 of 3). */
export const C19D_SEEDS = 3;

/**
 * (min ln ε_test at c·s̄ − min ln ε_test at s̄)/ln c for draw `draw` of the instance: both tasks from stream
 * draw<k> (same teacher directions and noise), both students from its fork 'train' (same init), one λ stable
 * for the larger task (λŝ1(c·s̄) = 0.2) and the same epochs.
 */
function fallPerLnC(spec: C19dSpec, impl: C19dImpl, draw: number): number {
  const stream = () => createRng(spec.seed).fork(`draw${draw}`);
  const base = impl.task(spec, stream());
  const scaled = impl.scaledTask(spec, spec.factor, stream());
  const learningRate = C19_NONLINEAR_RATE / scaled.svd31.s[0];
  const config = nonlinearStudentConfig(spec, learningRate, nonlinearSchedule(learningRate, spec.noiseStd));
  const run = (task: Task) => impl.train(config, task, stream().fork('train')).record.testError;
  return (minLnTest(run(scaled)) - minLnTest(run(base))) / Math.log(spec.factor);
}

function checkC19d(spec: C19dSpec, impl: C19dImpl): Outcome {
  // The majority of three draws, stopping once two agree: the median fall is ≤ the larger of two passing
  // draws and ≥ the smaller of two failing ones, so that bound is what the outcome reports.
  const falls: number[] = [];
  const passes = () => falls.filter((f) => f <= -C19D_LEAST_FALL).length;
  for (let k = 0; k < C19D_SEEDS && passes() < 2 && falls.length - passes() < 2; k++)
    falls.push(fallPerLnC(spec, impl, k));
  const sorted = [...falls].sort((a, b) => a - b);
  const median = falls.length === 3 ? sorted[1] : passes() === 2 ? sorted[1] : sorted[0];
  return atMost(
    median,
    -1,
    1 - C19D_LEAST_FALL,
    `median over draws of (min ln ε_test at c·s̄ − at s̄)/ln c: ${median} (draws ${falls.map((f) => f.toFixed(3)).join(', ')}) for c = ${spec.factor}, leaky slope ${spec.leakySlope} (must be ≤ −${C19D_LEAST_FALL})`,
  );
}

/** What C19(d) exercises: the task builder at s̄ and at c·s̄ (same draws), and the nonlinear trainer. */
export interface C19dImpl {
  readonly task: (spec: NonlinearShapeSpec, rng: Rng) => Task;
  readonly scaledTask: (spec: NonlinearShapeSpec, factor: number, rng: Rng) => Task;
  readonly train: NonlinearTrain;
}

const implementation: C19dImpl = {
  task: nonlinearTask,
  scaledTask: (spec, factor, rng) =>
    nonlinearTask({ ...spec, teacherSingularValues: spec.teacherSingularValues.map((s) => s * factor) }, rng),
  train: trainNonlinearStudent,
};

/** Bug: the SNR knob scales the whole targets Ŷ = c(W̄X + Z), noise included, so the SNR never changes. */
const noiseScaledToo: C19dImpl = {
  ...implementation,
  scaledTask(spec, factor, rng) {
    const taskSpec = claimTaskSpec(
      { ...spec, teacherSingularValues: spec.teacherSingularValues.map((s) => s * factor) },
      spec.inputDim,
      'onehot',
    );
    const parts = drawTaskParts(taskSpec, rng);
    return assembleTask(taskSpec, {
      ...parts,
      noise: { ...parts.noise, data: parts.noise.data.map((z) => z * factor) },
    });
  },
};

/** Bug: the recorded test error is ‖f(I) − W̄‖² without the division by ‖W̄‖² (1.7), so it grows with s̄². */
const unnormalisedTestError: C19dImpl = {
  ...implementation,
  train(c, task, rng) {
    const r = trainNonlinearStudent(c, task, rng);
    return { ...r, record: { ...r.record, testError: r.record.testError.map((e) => e * task.teacherNormSq) } };
  },
};

/** C19(d): a larger s̄ gives leaky-ReLU students a smaller optimal test error (statistical, per seed). */
export const c19dNonlinearOptimum: Claim<C19dSpec, C19dImpl> = {
  id: 'C19d',
  name: 'larger s̄, smaller optimal error for leaky-ReLU students',
  statement:
    'For P = N1 (one-hot), A ∈ [1/2, 1], N3 ∈ [8, 12] (CI; [12, 18] thorough), one-hidden-layer leaky-ReLU students (negative slope ∈ [0.1, 0.5], N2 = N3, random init ε = 1e-5σ_z, simultaneous GD), ' +
    "rank 2–3 with every s̄/σ_z ∈ [2.5θ_A, 6] (C19a's domain) and c ∈ [1.2, 2]: with the same teacher directions, noise and init, the same λ (λŝ1(c·s̄) = 0.2) and 10τ/σ_z epochs, " +
    'min_t ln ε_test at c·s̄ is at least ¼ ln c below its value at s̄ in at least two of three independent draws (majority vote). Not claimed: rank 1 (a transient dip of the test error makes its minimum erratic) and the earlier optimum (its argmin came later in 7 of 300 pairs).',
  reference: '§9.6, §10 F10; §11 C19',
  kind: 'statistical',
  falseFailure: {
    perInstance: 2e-8,
    source:
      'one draw fails with probability p: in 3000 CI draws (rank 2–3, fast-check seed 780) none fell less than ¼ ln c (worst 0.31 ln c, median 2.04 ln c); a generalised-Pareto fit to the top 30–200 falls (shape ξ ≈ 0.21–0.28, a heavy tail) gives p ≤ 7.4e-5, exponential fits 2e-7–7e-6. ' +
      'The majority of three independent draws fails only if two do: ≤ 3p² ≤ 1.7e-8 (stated 2e-8). Without a tail model, the 95 % Clopper–Pearson bound p ≤ 1e-3 from 0/3000 would give 3e-6. At the thorough sizes 300 instances passed (worst median fall 0.87 ln c)',
  },
  instances: { ci: 100, thorough: 300 },
  arbitrary: arbC19d,
  implementation,
  check: checkC19d,
  plantedBugs: [
    {
      name: 'noise scaled with the teacher',
      description: 'raising s̄ scales the whole targets c(W̄X + Z), so the SNR and the optimal error stay put',
      implementation: noiseScaledToo,
    },
    {
      name: 'test error not normalised',
      description: 'the recorded test error is ‖f(I) − W̄‖² without dividing by ‖W̄‖², so it grows with s̄²',
      implementation: unnormalisedTestError,
    },
  ],
};
