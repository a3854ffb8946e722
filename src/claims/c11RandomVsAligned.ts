/**
 * C11: on the same task, a randomly initialised student reaches about the same optimum as the training-aligned one (median
 * over 3 draws of the gap in min ln ε within 0.7/√N3) and never comes near it earlier, less one recording interval.
 * THEORY's per-seed form is false at small sizes and near threshold (statistical, §9.4).
 */
import fc from 'fast-check';
import { arbDims } from '../arbitraries/dims.js';
import { arbFraction, arbLogUniform, arbSeed } from '../arbitraries/primitives.js';
import { spectrumFromFractions, thresholdRatio } from '../arbitraries/thresholdSpectrum.js';
import { halfTime } from '../dynamics/modeStrength.js';
import { haarBlock } from '../linalg/haar.js';
import { scale, type Mat } from '../linalg/mat.js';
import { normals, createRng, type Rng } from '../random/rng.js';
import type { Layers, StudentSpec, TrainingSpec } from '../network/student.js';
import { trainStudent } from '../network/train.js';
import type { Task } from '../task/task.js';
import { sampledOptimalStopping } from '../theory/optimalStopping.js';
import { atLeast, atMost, worstOf, type Claim, type Scale, type PlantedBug } from './claim.js';
import { realTrain, type TrainRun } from './support/realTrain.js';
import { oneHotTask } from './support/tasks.js';

/** A C11 instance: a P = N1 task, and two one-hidden-layer students (aligned, random) trained by GD on it. */
export interface C11Spec {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly hiddenDims: readonly number[];
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
  readonly initScale: number;
  /** R: independent draws of the task (and of both initialisations) per instance. */
  readonly seeds: number;
  readonly seed: number;
}

/** What C11 exercises: the trainer (with its initialisations), run once per initialisation kind on the same task. */
export interface C11Impl {
  readonly train: TrainRun;
}

/** The parameters of a C11 generator. */
export interface C11Domain {
  readonly minN3: number;
  readonly maxN3: number;
  readonly minAspect: number;
  /** s̄/σ_z ∈ [max(θ_A + minOffset, minThetas·θ_A), maxSignal]. */
  readonly minOffset: number;
  readonly minThetas: number;
  readonly maxSignal: number;
  /** Smallest gap (in σ_z) between adjacent teacher values. */
  readonly gap: number;
  readonly seeds: number;
}

export const C11_DOMAINS: Record<Scale, C11Domain> = {
  ci: { minN3: 10, maxN3: 13, minAspect: 0.5, minOffset: 0.3, minThetas: 3, maxSignal: 6, gap: 1, seeds: 3 },
  thorough: { minN3: 40, maxN3: 60, minAspect: 0.25, minOffset: 0.3, minThetas: 3, maxSignal: 10, gap: 1, seeds: 3 },
};

/** λŝ_1 of the runs, and recorded points per τ. */
const C11_LR_TIMES_TOP = 0.05;
const C11_RECORDS_PER_TAU = 40;

export function arbC11(dom: C11Domain): fc.Arbitrary<C11Spec> {
  return fc
    .record({
      dims: arbDims({ minOutputDim: dom.minN3, maxOutputDim: dom.maxN3, minAspect: dom.minAspect }),
      rank: fc.integer({ min: 1, max: 3 }),
      positions: fc.array(arbFraction(), { minLength: 3, maxLength: 3 }),
      noiseStd: arbLogUniform(0.5, 2),
      seed: arbSeed(),
    })
    .map((d) => {
      const { inputDim, outputDim } = d.dims;
      const theta = thresholdRatio(outputDim, inputDim);
      const lo = Math.max(theta + dom.minOffset, dom.minThetas * theta);
      return {
        inputDim,
        outputDim,
        hiddenDims: [outputDim],
        teacherSingularValues: spectrumFromFractions(d.positions, d.rank, lo, dom.maxSignal, d.noiseStd, dom.gap),
        noiseStd: d.noiseStd,
        initScale: 1e-5,
        seeds: dom.seeds,
        seed: d.seed,
      };
    });
}

/** Task and GD settings: λŝ1 = 0.05, recorded every τ/40, run to 2.5 half-times of the weakest signal's data value. */
export function c11Setting(spec: C11Spec, draw = 0) {
  const rng = createRng(spec.seed).fork(`draw${draw}`);
  const task = oneHotTask(spec, rng);
  const s = task.svd31.s;
  const learningRate = C11_LR_TIMES_TOP / s[0];
  const tau = 1 / learningRate;
  const weakest = s[spec.teacherSingularValues.length - 1];
  const horizon = 2.5 * halfTime(weakest, { initScale: spec.initScale, tau, depth: 2 }) + tau;
  const reportEvery = Math.max(1, Math.round(tau / C11_RECORDS_PER_TAU));
  const training: TrainingSpec = { learningRate, epochs: reportEvery * Math.ceil(horizon / reportEvery), reportEvery };
  const student = (init: StudentSpec['init']): StudentSpec => ({
    hiddenDims: spec.hiddenDims,
    init,
    initScale: spec.initScale,
    update: 'sequential',
  });
  return { rng, task, training, tau, student };
}

/** The two students' optimal stopping points on the same task. */
export function c11Measure(spec: C11Spec, impl: C11Impl, draw = 0) {
  const { rng, task, training, tau, student } = c11Setting(spec, draw);
  const epochs = Array.from(
    { length: Math.floor(training.epochs / training.reportEvery) + 1 },
    (_, i) => i * training.reportEvery,
  );
  const ta = impl.train(task, student('aligned'), training, rng.fork('aligned'));
  const random = impl.train(task, student('random'), training, rng.fork('random'));
  const taOpt = sampledOptimalStopping(epochs, ta.testError);
  const randomOpt = sampledOptimalStopping(epochs, random.testError);
  // Lag as first passage: the first recorded epoch at which each curve comes within C11_LEVEL (in ln) of the
  // worse of the two minima. Unlike the argmins this is well defined for flat or multimodal minima.
  const level = Math.max(taOpt.minError, randomOpt.minError) * Math.exp(C11_LEVEL);
  const passage = (errors: readonly number[]) => epochs[errors.findIndex((e) => e <= level)];
  return {
    tau,
    interval: training.reportEvery,
    ta: taOpt,
    random: randomOpt,
    level,
    passage: { ta: passage(ta.testError), random: passage(random.testError) },
  };
}

/** The level of the first-passage lag: within 0.05 in ln of the worse minimum. */
export const C11_LEVEL = 0.05;

/** Tolerance on |median over the R draws of (min ln ε_rand − min ln ε_TA)|: C11_MIN_COEF/√N3. */
export const C11_MIN_COEF = 0.7;
function check(spec: C11Spec, impl: C11Impl) {
  const draws = Array.from({ length: spec.seeds }, (_, r) => c11Measure(spec, impl, r));
  const gaps = draws.map((m) => Math.log(m.random.minError) - Math.log(m.ta.minError));
  const sorted = [...gaps].sort((a, b) => a - b);
  const median =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const tol = C11_MIN_COEF / Math.sqrt(spec.outputDim);
  const outcomes = [
    atMost(
      Math.abs(median),
      0,
      tol,
      `|median over draws of (min ln ε_rand − min ln ε_TA)| (draws: ${gaps.map((g) => g.toFixed(4)).join(', ')})`,
    ),
  ];
  draws.forEach((m, r) => {
    outcomes.push(
      atLeast(
        m.passage.random,
        m.passage.ta,
        m.interval,
        `draw ${r}: first passage below ${m.level.toPrecision(4)}: random at ${m.passage.random}, aligned at ${m.passage.ta} (epochs; one interval = ${m.interval})`,
      ),
    );
  });
  return worstOf(outcomes);
}

/** Random students whose layers are i.i.d. N(0, ε^{2/D_w}) matrices instead of ε^{1/D_w}·(Haar block): the product is ≈ √(N1 N3)·N2-fold too large. */
function unnormalisedRandomInit(task: Task, student: StudentSpec, rng: Rng): Layers {
  const widths = [task.spec.inputDim, ...student.hiddenDims, task.spec.outputDim];
  const e = Math.pow(student.initScale, 1 / (widths.length - 1));
  return widths
    .slice(1)
    .map((rows, l): Mat => ({ rows, cols: widths[l], data: normals(rng.fork(`layer${l + 1}`), rows * widths[l], e) }));
}

/** Random students that start ε^{1/D_w}·Haar blocks on every layer but are then scaled so the product's scale is ε^{1/D_w} (per-layer scale taken as the product's). */
function perLayerScaleInit(task: Task, student: StudentSpec, rng: Rng): Layers {
  const widths = [task.spec.inputDim, ...student.hiddenDims, task.spec.outputDim];
  const depth = widths.length - 1;
  const e = Math.pow(student.initScale, 1 / depth / depth);
  return widths.slice(1).map((rows, l) => scale(haarBlock(rows, widths[l], rng.fork(`layer${l + 1}`)), e));
}

function withRandomInit(init: (task: Task, student: StudentSpec, rng: Rng) => Layers): C11Impl {
  return {
    train(task, student, training, rng) {
      if (student.init !== 'random') return trainStudent(task, student, training, rng);
      return trainStudent(task, student, training, rng, { initialLayers: init(task, student, rng.fork('init')) });
    },
  };
}

const implementation: C11Impl = { train: realTrain };

const plantedBugs: readonly PlantedBug<C11Impl>[] = [
  {
    name: 'unnormalised random init',
    description:
      'random layers with i.i.d. N(0, ε^{2/D_w}) entries instead of ε^{1/D_w}·Haar blocks (product far above ε)',
    implementation: withRandomInit(unnormalisedRandomInit),
  },
  {
    name: 'per-layer scale as product scale',
    description: 'random layers scaled so that the product, not each layer, is ε^{1/D_w}',
    implementation: withRandomInit(perLayerScaleInit),
  },
];

/** C11 random vs training-aligned initialisation (statistical, per seed), §9.4. */
export const c11RandomVsAligned: Claim<C11Spec, C11Impl> = {
  id: 'C11',
  name: 'random vs training-aligned initialisation',
  statement:
    'For P = N1, A ∈ [1/2, 1] (CI; [1/4, 1] thorough), N2 = N3 ∈ [10, 13] (CI; [40, 60] thorough), D_w = 2, λŝ1 = 0.05, ε = 1e-5, rank 1–3 with every s̄/σ_z in [3θ_A, 6] (10 thorough) and adjacent ' +
    'values ≥ σ_z apart, σ_z ∈ [1/2, 2], on the same task: (i) the median over R = 3 draws of min ln ε_rand − min ln ε_TA is within 0.7/√N3 (0.19–0.22); (ii) in every draw the random student first comes ' +
    'within 0.05 (in ln) of the worse of the two minima no earlier than the aligned one, less one recording interval (τ/40). THEORY’s per-seed form is false at small sizes and near threshold: ' +
    '|Δ min ln ε| ≤ 0.05 failed for 1.2% of single draws in this domain (up to 0.29 at N3 = 12, (4, 3)σ_z, A = 1), for 16% at s̄ ≥ θ_A + 0.3, and reached 0.051 at N3 = 50, s̄ = θ_A + 0.3; ' +
    '“t_opt^rand ≥ t_opt^TA − one interval” fails on flat or two-dip minima (the random argmin up to 2τ earlier while its curve at t_opt^TA is within 0.011 of its minimum).',
  reference: '§9.4, §10 F3 panels C/D, D; §11 C11',
  kind: 'statistical',
  falseFailure: {
    perInstance: 3e-7,
    source:
      'measured on 2×10⁴ CI instances (median of 3 draws): worst ratio 0.19, no failure; Pareto (Hill) fit to the top 100 gives P(ratio > 1) ≈ 3.3e-7 (top 50: 2.5e-8; exponential tail ≤ 1e-17). ' +
      'The tolerance 0.7/√N3 comes from 3.3×10⁴ single draws: √N3·|Δ min ln ε| has median 0.02, q99 0.2 and exceeded 0.7 once (0.997: a weak mode seeded small by the random init), p ≈ 3e-5 per draw, ' +
      'so a median of 3 exceeds it with ≈ 3p² ≈ 3e-9; the first-passage lag was never violated (the random init seeds every mode at ≤ ε in the linear phase, so it cannot lead)',
  },
  instances: { ci: 100, thorough: 200 },
  arbitrary: (scale) => arbC11(C11_DOMAINS[scale]),
  implementation,
  check,
  plantedBugs,
};
