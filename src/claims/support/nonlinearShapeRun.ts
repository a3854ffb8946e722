import fc from 'fast-check';
import { arbDims } from '../../arbitraries/dims.js';
import { arbFraction, arbLogUniform, arbSeed, arbUniform } from '../../arbitraries/primitives.js';
import { spectrumFromFractions, thresholdRatio } from '../../arbitraries/thresholdSpectrum.js';
import { DEFAULT_CONFIG, type SimulationConfig } from '../../config/simulationConfig.js';
import type { NonlinearRun } from '../../network/nonlinearStudent.js';
import type { Rng } from '../../random/rng.js';
import type { Task } from '../../task/task.js';
import type { Scale } from '../claim.js';
import { C19_HORIZON_TAU } from './qualitativeShape.js';
import { oneHotTask } from './tasks.js';

/**
 * What the nonlinear C19 claims (C19c, C19d) share: a P = N1 one-hot task, a one-hidden-layer leaky-ReLU
 * student (N2 = N3, D_w = 2, random init with ε = 1e-5σ_z, simultaneous GD as THEORY.md §9.6 and §10 F10
 * train it), its schedule in units of τ = 1/λ, and the generator of the instances.
 */

/** A nonlinear C19 instance: sizes, teacher spectrum, noise level, the leaky slope and the seed of task and init. */
export interface NonlinearShapeSpec {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
  /** Negative-side slope of the student's leaky ReLU. */
  readonly leakySlope: number;
  readonly seed: number;
}

/** The trainer a nonlinear claim exercises: `trainNonlinearStudent`'s signature. */
export type NonlinearTrain = (c: SimulationConfig, task: Task, rng: Rng) => NonlinearRun;

/** The task builder a nonlinear claim exercises: the one-hot task of the instance from `rng`. */
export type NonlinearTaskBuilder = (spec: NonlinearShapeSpec, rng: Rng) => Task;

/**
 * λŝ1 of the nonlinear C19 runs. 0.2 (four times C19b's 0.05, so a CI instance costs ~10–20 ms) keeps
 * ε_train strictly decreasing between records in all 3000 calibration runs (leaky slopes 0.05–0.5, ReLU).
 */
export const C19_NONLINEAR_RATE = 0.2;

/** Records per τ of the nonlinear C19 runs (as C19b). */
export const C19_NONLINEAR_RECORDS_PER_TAU = 20;

/**
 * The leaky slopes the nonlinear C19 claims draw: [0.1, 0.5] (F10 uses 0.1, F11 0.2). Below 0.1 the rise of
 * C19c thins: at slope 0.05, rank 1, s̄ = 7.9σ_z one of 3000 calibration instances rose only 0.101.
 */
export const C19_NONLINEAR_SLOPES: readonly [number, number] = [0.1, 0.5];

/** The epoch grid of a nonlinear C19 run at learning rate λ: records every τ/20, C19_HORIZON_TAU·τ/σ_z epochs in all. */
export function nonlinearSchedule(learningRate: number, noiseStd: number): { epochs: number; reportEvery: number } {
  const tau = 1 / learningRate;
  const reportEvery = Math.max(1, Math.round(tau / C19_NONLINEAR_RECORDS_PER_TAU));
  return { reportEvery, epochs: reportEvery * Math.ceil((C19_HORIZON_TAU * tau) / noiseStd / reportEvery) };
}

/** The simulation config of a nonlinear C19 student on `task`: leaky ReLU, N2 = N3, ε = 1e-5σ_z, random init, simultaneous GD. */
export function nonlinearStudentConfig(
  spec: NonlinearShapeSpec,
  learningRate: number,
  schedule: { epochs: number; reportEvery: number },
): SimulationConfig {
  return {
    ...DEFAULT_CONFIG,
    inputDim: spec.inputDim,
    outputDim: spec.outputDim,
    examples: spec.inputDim,
    hiddenDims: [spec.outputDim],
    teacherSingularValues: spec.teacherSingularValues,
    noiseStd: spec.noiseStd,
    inputs: 'onehot',
    init: 'random',
    update: 'simultaneous',
    initScale: 1e-5 * spec.noiseStd,
    learningRate,
    epochs: schedule.epochs,
    reportEvery: schedule.reportEvery,
    activation: 'leakyRelu',
    leakySlope: spec.leakySlope,
  };
}

/** The product's one-hot task of a nonlinear instance (§1). */
export const nonlinearTask: NonlinearTaskBuilder = (spec, rng) => oneHotTask(spec, rng);

/**
 * Instances of the nonlinear C19 claims: A ∈ [1/2, 1], N3 in `outputDims`, rank minRank–3 (default 1) with every
 * s̄/σ_z ∈ [max(θ_A + 0.3, lowThetas·θ_A), top], σ_z ∈ [1/2, 2], leaky slope in C19_NONLINEAR_SLOPES.
 */
export function arbNonlinearShape(
  outputDims: Record<Scale, readonly [number, number]>,
  scale: Scale,
  options: { readonly top: number; readonly lowThetas?: number; readonly minRank?: number },
): fc.Arbitrary<NonlinearShapeSpec> {
  const [lo, hi] = outputDims[scale];
  return fc
    .record({
      dims: arbDims({ minOutputDim: lo, maxOutputDim: hi, minAspect: 0.5 }),
      rank: fc.integer({ min: options.minRank ?? 1, max: 3 }),
      positions: fc.array(arbFraction(), { minLength: 3, maxLength: 3 }),
      noiseStd: arbLogUniform(0.5, 2),
      leakySlope: arbUniform(...C19_NONLINEAR_SLOPES),
      seed: arbSeed(),
    })
    .map((d) => {
      const theta = thresholdRatio(d.dims.outputDim, d.dims.inputDim);
      const low = Math.max(theta + 0.3, (options.lowThetas ?? 0) * theta);
      return {
        inputDim: d.dims.inputDim,
        outputDim: d.dims.outputDim,
        teacherSingularValues: spectrumFromFractions(d.positions, d.rank, low, options.top, d.noiseStd),
        noiseStd: d.noiseStd,
        leakySlope: d.leakySlope,
        seed: d.seed,
      };
    });
}
