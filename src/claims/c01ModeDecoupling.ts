/**
 * C1: with training-aligned initialisation and Σ11 = I or D·I, discrete GD (either update order, any depth) keeps ÛᵀWV̂
 * diagonal at every step, and each diagonal entry follows the scalar recursion (3.9) driven by its own ŝ_k: the singular
 * vectors never move. Checked against GD on random tasks to 1e-9 relative (exact, §3.1, §3.4).
 */
import fc from 'fast-check';
import { arbDims } from '../arbitraries/dims.js';
import { arbFraction, arbLogUniform, arbSeed, arbUniform, fractionToInt } from '../arbitraries/primitives.js';
import type { UpdateOrder } from '../config/simulationConfig.js';
import { discreteModeTrajectory } from '../dynamics/discreteRecursion.js';
import { matmul } from '../linalg/gemm.js';
import { clone, identity, type Mat } from '../linalg/mat.js';
import { frobenius } from '../linalg/norms.js';
import { svd } from '../linalg/svd.js';
import { gdStepReference } from '../network/gdStepReference.js';
import { endToEnd } from '../network/product.js';
import { initStudent } from '../network/init.js';
import type { Layers, StudentSpec, TrainingSpec } from '../network/student.js';
import { trainStudent } from '../network/train.js';
import type { Observer } from '../network/trainer.js';
import { createRng, type Rng } from '../random/rng.js';
import type { Task } from '../task/task.js';
import { twoSided, worstOf, type Claim, type Scale, type PlantedBug } from './claim.js';
import { trainWithStep } from './support/steppedTraining.js';
import { orthogonalTask } from './support/tasks.js';
import { modeStiffness } from '../dynamics/modeStiffness.js';

/** A C1 instance: a task, a training-aligned student and a run length, all drawn from `seed`. */
export interface C1Spec {
  readonly inputDim: number;
  readonly outputDim: number;
  /** P = examplesFactor·N1, so Σ11 = I or D·I. */
  readonly examplesFactor: 1 | 2;
  readonly hiddenDims: readonly number[];
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
  readonly initScale: number;
  /** λ = lrFactor · 0.05 / max(ŝ1/c, ε) (C1's domain λŝ1 ≤ 0.05). */
  readonly lrFactor: number;
  readonly steps: number;
  readonly update: UpdateOrder;
  readonly seed: number;
}

/** What C1 exercises: a trainer that calls `observe` at recorded epochs (real one, or a planted bug). */
export interface C1Impl {
  train(task: Task, student: StudentSpec, training: TrainingSpec, rng: Rng, observe: Observer): void;
}

const TOL = 1e-9;

/** C1 domain (§11): N1 ∈ [2, 80], N3 ∈ [1, N1], N2 ∈ [1, min(N1, N3)], rank ≤ min(N3, 5), s̄ ∈ [0, 20], σ_z ∈ [0, 3], ε ∈ [1e-8, 1e-1], D_w ∈ [2, 6]. */
function arbitrary(scale: Scale): fc.Arbitrary<C1Spec> {
  const maxN3 = scale === 'ci' ? 12 : 40;
  const maxSteps = scale === 'ci' ? 600 : 10_000;
  // One draw in six is square (N1 = N2 = N3), where a transposed-gradient bug is expressible in every layer.
  const dims = fc.oneof(
    { weight: 5, arbitrary: arbDims({ minOutputDim: 1, maxOutputDim: maxN3, minAspect: 0.25 }) },
    { weight: 1, arbitrary: fc.integer({ min: 2, max: maxN3 }).map((n) => ({ inputDim: n, outputDim: n })) },
  );
  return fc
    .record({
      dims,
      examplesFactor: fc.constantFrom(1 as const, 1 as const, 2 as const),
      depth: fc.integer({ min: 2, max: 6 }),
      widthFractions: fc.array(arbFraction(), { minLength: 5, maxLength: 5 }),
      square: fc.boolean(),
      rank: fc.integer({ min: 1, max: 5 }),
      // Mostly uniform in value; one draw in five from fc.double, whose bias toward tiny and
      // subnormal values found the recorded counterexample C1-subnormal-teacher.
      spectrum: fc.array(
        fc.oneof(
          { weight: 4, arbitrary: arbUniform(0, 20) },
          { weight: 1, arbitrary: fc.double({ min: 0, max: 20, noNaN: true }) },
        ),
        { minLength: 5, maxLength: 5 },
      ),
      noiseStd: fc.oneof(fc.constant(0), arbUniform(0, 3)),
      initScale: arbLogUniform(1e-8, 1e-1),
      lrFactor: arbUniform(0.05, 1),
      steps: fc.integer({ min: 1, max: maxSteps }),
      update: fc.constantFrom<UpdateOrder>('sequential', 'simultaneous'),
      seed: arbSeed(),
    })
    .map((d) => {
      const { inputDim, outputDim } = d.dims;
      const maxWidth = Math.min(inputDim, outputDim);
      const squareCase = inputDim === outputDim;
      const hiddenDims = d.widthFractions
        .slice(0, d.depth - 1)
        .map((f) => (squareCase ? maxWidth : fractionToInt(f, 1, maxWidth)));
      const rank = Math.min(d.rank, outputDim, inputDim);
      const teacherSingularValues = d.spectrum.slice(0, rank).sort((a, b) => b - a);
      return {
        inputDim,
        outputDim,
        examplesFactor: d.examplesFactor,
        hiddenDims,
        teacherSingularValues,
        noiseStd: d.noiseStd,
        initScale: d.initScale,
        lrFactor: d.lrFactor,
        steps: d.steps,
        update: d.update,
        seed: d.seed,
      };
    });
}

/** Builds the instance's task, student and training spec. */
function instance(spec: C1Spec) {
  const rng = createRng(spec.seed);
  const task = orthogonalTask(spec, spec.inputDim * spec.examplesFactor, rng);
  const depth = spec.hiddenDims.length + 1;
  const c = task.sigma11Scale;
  // Stable-rate scaling: λ·c·D_w·s*^(2−2/D_w) ≤ 0.05·2 with s* = ŝ1/c (for D_w = 2 this is λŝ1 ≤ 0.05).
  const sStar = Math.max(task.svd31.s[0] / c, spec.initScale);
  const learningRate = (spec.lrFactor * 0.1) / modeStiffness(sStar, depth, c);
  const student: StudentSpec = {
    hiddenDims: spec.hiddenDims,
    init: 'aligned',
    initScale: spec.initScale,
    update: spec.update,
  };
  const training: TrainingSpec = {
    learningRate,
    epochs: spec.steps,
    reportEvery: Math.max(1, Math.floor(spec.steps / 20)),
  };
  return { rng, task, student, training, depth };
}

/**
 * ÛᵀWV̂ stays diagonal (off-diagonals ≤ 1e-9·max(max diag, ε)) and diagonal k follows (3.9) with ŝ_k
 * to 1e-9 relative to max(|s_k|, ε, 1e-4‖W‖_F) (THEORY.md says relative to |s_k|; see the floor below).
 */
function check(spec: C1Spec, impl: C1Impl) {
  const { rng, task, student, training, depth } = instance(spec);
  const { u, v, s } = task.svd31;
  const eps = spec.initScale;
  const aligned = Math.min(...spec.hiddenDims, spec.inputDim, spec.outputDim);
  const trajectories = Array.from(s, (sk, k) =>
    k < aligned
      ? discreteModeTrajectory(sk, {
          initScale: eps,
          learningRate: training.learningRate,
          depth,
          update: spec.update,
          epochs: training.epochs,
          reportEvery: training.reportEvery,
          inputScale: task.sigma11Scale,
        })
      : null,
  );
  let offDiagonal = 0;
  let modeError = 0;
  let where = '';
  let record = 0;
  impl.train(task, student, training, rng, (epoch, _layers, w) => {
    const m = matmul(matmul(u, w, { transA: true }), v);
    const k = m.rows;
    let maxDiag = 0;
    for (let i = 0; i < k; i++) maxDiag = Math.max(maxDiag, Math.abs(m.data[i * k + i]));
    const scale = Math.max(maxDiag, eps);
    // A mode far below the largest cannot be measured through ÛᵀWV̂ more precisely than the
    // float64 rounding of W, about u·‖W‖_F ≈ 1e-16‖W‖_F; flooring the relative denominator at
    // 1e-4‖W‖_F allows 1e-13‖W‖_F, a thousand times that (recorded counterexample C1-tiny-mode-beside-large).
    const floor = 1e-4 * frobenius(w);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        if (i === j) continue;
        const r = Math.abs(m.data[i * k + j]) / scale;
        if (r > offDiagonal) offDiagonal = r;
      }
      const traj = trajectories[i];
      const expected = traj ? traj[record] : 0;
      const err = Math.abs(m.data[i * k + i] - expected) / (traj ? Math.max(Math.abs(expected), eps, floor) : scale);
      if (!(err <= modeError)) {
        modeError = err;
        where = `mode ${i} at epoch ${epoch}: ${m.data[i * k + i]} vs recursion ${expected}`;
      }
    }
    record++;
  });
  return worstOf([
    twoSided(offDiagonal, 0, TOL, 'largest off-diagonal of ÛᵀWV̂ relative to max(max diagonal, ε)'),
    twoSided(
      modeError,
      0,
      TOL,
      `largest relative gap between a diagonal entry and the scalar recursion (3.9): ${where}`,
    ),
  ]);
}

const realTrain: C1Impl['train'] = (task, student, training, rng, observe) => {
  trainStudent(task, student, training, rng, { observe });
};

/** Trains from the real aligned init with a modified epoch. */
function withStep(step: typeof gdStepReference): C1Impl {
  return {
    train(task, student, training, rng, observe) {
      trainWithStep(task, initStudent(task, student, rng.fork('init')), student.update, training, step, observe);
    },
  };
}

/** Transposes the update of every square layer: W^l += λ [(W^{>l})ᵀ E (W^{<l})ᵀ]ᵀ. */
const transposedGradient: typeof gdStepReference = (layers, sigma31, sigma11, lr, update) => {
  const next = gdStepReference(layers, sigma31, sigma11, lr, update);
  return next.map((n, l) => {
    const old = layers[l];
    if (old.rows !== old.cols) return n;
    const out = clone(old);
    for (let i = 0; i < old.rows; i++)
      for (let j = 0; j < old.cols; j++)
        out.data[i * old.cols + j] += n.data[j * old.cols + i] - old.data[j * old.cols + i];
    return out;
  });
};

const implementation: C1Impl = { train: realTrain };

const plantedBugs: readonly PlantedBug<C1Impl>[] = [
  {
    name: 'teacher-aligned init',
    description: 'aligns the student with the teacher Ū, V̄ instead of the data Û, V̂ (§12 A1)',
    implementation: {
      train(task, student, training, rng, observe) {
        const teacherAligned = { ...task, svd31: svd(task.teacher) } as Task;
        const layers: Layers = initStudent(teacherAligned, student, rng.fork('init'));
        trainStudent(task, student, training, rng, { observe, initialLayers: layers });
      },
    },
  },
  {
    name: 'random initialisation',
    description: 'the trainer ignores init: "aligned" and starts from a random ε-scaled initialisation',
    implementation: {
      train: (task, student, training, rng, observe) =>
        realTrain(task, { ...student, init: 'random' }, training, rng, observe),
    },
  },
  {
    name: 'wrong layer order',
    description: 'updates the layers from the output side first, each using the already-updated upper layers',
    implementation: withStep(outputSideFirst),
  },
  {
    name: 'transposed gradient',
    description: 'adds the transpose of the gradient to every square layer',
    implementation: withStep(transposedGradient),
  },
];

/** C1 mode decoupling (exact, §3.1). */
export const c01ModeDecoupling: Claim<C1Spec, C1Impl> = {
  id: 'C1',
  name: 'mode decoupling under training-aligned initialisation',
  statement:
    'With training-aligned initialisation and Σ11 = I or D·I, discrete GD (either update order, any depth) keeps ÛᵀWV̂ diagonal at every step, ' +
    'and its k-th diagonal entry follows the scalar recursion (3.9) driven by ŝ_k alone: the singular vectors never move.',
  reference: '§3.1 (3.1), §3.4 (3.9); §11 C1',
  kind: 'exact',
  falseFailure: { perInstance: 0, source: 'exact identity; 1e-9 covers float64 rounding (observed ~1e-14)' },
  instances: { ci: 100, thorough: 500 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};

/** E once, then W^l += λ (W^{>l})ᵀ E (W^{<l})ᵀ from the top layer down, with the upper layers already updated. */
function outputSideFirst(layers: Layers, sigma31: Mat, sigma11: Mat, lr: number): Layers {
  const next = layers.map(clone);
  const e = matmul(endToEnd(layers), sigma11);
  for (let i = 0; i < e.data.length; i++) e.data[i] = sigma31.data[i] - e.data[i];
  const depth = layers.length;
  for (let l = depth - 1; l >= 0; l--) {
    let upper = identity(sigma31.rows);
    for (let m = depth - 1; m > l; m--) upper = matmul(upper, next[m]);
    let lower = identity(sigma31.cols);
    for (let m = 0; m < l; m++) lower = matmul(layers[m], lower);
    const grad = matmul(matmul(upper, e, { transA: true }), lower, { transB: true });
    for (let i = 0; i < grad.data.length; i++) next[l].data[i] += lr * grad.data[i];
  }
  return next;
}
