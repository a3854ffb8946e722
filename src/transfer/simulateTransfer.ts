import { isNonlinearConfig } from '../config/activationFields.js';
import { epochGrid } from '../config/simulationConfig.js';
import { runRng } from '../network/simulate.js';
import type { StudentSpec, TrainingSpec } from '../network/student.js';
import { decoupledPairRun } from './decoupledPairRun.js';
import { trainNonlinearPairRun, type NonlinearPairStudent } from './nonlinearPairRun.js';
import { withLeakyTeachers } from './nonlinearTeacherPair.js';
import type { PairRunRecord } from './pairRecord.js';
import { drawTaskPair, type TaskPair, type TaskPairSpec } from './taskPair.js';
import { trainPairRun } from './trainPairRun.js';
import { alignmentsOf, transferHasTheory, type TransferConfig } from './transferConfig.js';

/**
 * How the students are trained: `gd`, full-batch matrix gradient descent (2.2) for every
 * initialisation; `decoupled`, the same training-aligned GD computed mode by mode through (3.9)
 * (exact up to rounding, needs init "aligned" and examples ≥ inputDim; much faster).
 */
export type TransferEngine = 'gd' | 'decoupled';

/** The pair part of a transfer config, §8.1. */
export function pairSpecOf(c: TransferConfig): TaskPairSpec {
  return {
    inputDim: c.inputDim,
    outputDimA: c.outputDimA,
    outputDimB: c.outputDimB,
    examples: c.examples,
    singularValuesA: c.singularValuesA,
    singularValuesB: c.singularValuesB,
    alignments: alignmentsOf(c),
    noiseStd: c.noiseStd,
  };
}

/** The student part (the same for the joint and both alone students), §8.1. */
export function pairStudentOf(c: TransferConfig): StudentSpec {
  return { hiddenDims: c.hiddenDims, init: c.init, initScale: c.initScale, update: c.update };
}

/** The nonlinear students of a config (§9.6): its activation after every hidden layer, its widths and ε. */
export function nonlinearPairStudentOf(c: TransferConfig): NonlinearPairStudent {
  return {
    hiddenDims: c.hiddenDims,
    activation: c.activation === 'relu' ? { kind: 'relu' } : { kind: 'leakyRelu', slope: c.leakySlope! },
    initScale: c.initScale,
  };
}

/** The training part, §2. */
export function pairTrainingOf(c: TransferConfig): TrainingSpec {
  return { learningRate: c.learningRate, epochs: c.epochs, reportEvery: c.reportEvery };
}

/** The pair of run `run`, drawn from stream run<r> of the seed: the same Ū, V̄ basis and noise at every q, §8.1. */
export function pairOfRun(c: TransferConfig, run: number): TaskPair {
  return drawTaskPair(pairSpecOf(c), runRng(c.seed, run));
}

/** The pair a config trains on: the drawn pair, with leaky-ReLU teachers when the config names them (§8.7). */
function configuredPair(c: TransferConfig, pair: TaskPair): TaskPair {
  return c.teacherActivation === 'leakyRelu' ? withLeakyTeachers(pair, c.teacherLeakySlope!) : pair;
}

/** Options of one simulated run. */
export interface TransferRunOptions {
  readonly engine?: TransferEngine;
  /** Called once per student epoch with `gd` (3·epochs per run), once per run with `decoupled`. */
  readonly onProgress?: (units: number) => void;
}

/** Progress units one run reports: 3·epochs with `gd`, 1 with `decoupled` (Appendix R7). */
export function runProgressUnits(c: TransferConfig, engine: TransferEngine): number {
  return engine === 'gd' ? 3 * c.epochs : 1;
}

/** Run `run` of a validated config: the pair and its three students (Appendix R7, §8.3). */
export function simulateTransferRun(c: TransferConfig, run: number, options: TransferRunOptions = {}): PairRunRecord {
  const engine = options.engine ?? 'gd';
  const rng = runRng(c.seed, run);
  const pair = configuredPair(c, drawTaskPair(pairSpecOf(c), rng));
  if (engine === 'decoupled' && !transferHasTheory(c))
    throw new RangeError(
      `engine: got 'decoupled'; allowed: 'gd' for nonlinear students or teachers (no mode decoupling)`,
    );
  if (isNonlinearConfig(c)) {
    // Nonlinear students (§9.6): the engine's simultaneous GD from random inits, simulation only.
    const report = options.onProgress;
    return trainNonlinearPairRun(pair, nonlinearPairStudentOf(c), pairTrainingOf(c), rng, {
      onEpoch: report ? () => report(1) : undefined,
    });
  }
  if (engine === 'decoupled') {
    const r = decoupledPairRun(pair, pairStudentOf(c), pairTrainingOf(c));
    options.onProgress?.(1);
    return r;
  }
  const report = options.onProgress;
  return trainPairRun(pair, pairStudentOf(c), pairTrainingOf(c), rng, {
    onEpoch: report ? () => report(1) : undefined,
  });
}

/** Mean and standard error sd/√n of a sample; the SE is null for a single value (§8.3 error bars). */
export interface MeanSe<T> {
  readonly mean: T;
  readonly se: T | null;
}

/** Mean and SE = sd/√n (sample sd, n − 1) of numbers, SE null when n = 1 (8.2). */
export function meanSe(xs: readonly number[]): MeanSe<number> {
  const n = xs.length;
  if (n === 0) throw new RangeError('meanSe: no values');
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  if (n === 1) return { mean, se: null };
  const v = xs.reduce((s, x) => s + (x - mean) * (x - mean), 0) / (n - 1);
  return { mean, se: Math.sqrt(v / n) };
}

/** Pointwise mean and SE of equal-length curves (SE null when there is one curve), §8.3. */
export function curveMeanSe(curves: readonly (readonly number[])[]): MeanSe<number[]> {
  const n = curves[0].length;
  const parts = Array.from({ length: n }, (_, i) => meanSe(curves.map((c) => c[i])));
  return { mean: parts.map((p) => p.mean), se: curves.length > 1 ? parts.map((p) => p.se as number) : null };
}

/** A simulated transfer experiment: every run's records and the summaries the CLI prints (§8.3). */
export interface TransferSimulation {
  readonly config: TransferConfig;
  readonly epochs: number[];
  readonly runs: PairRunRecord[];
  /** A alone, normalised test error. */
  readonly alone: MeanSe<number[]>;
  /** The joint student on A. */
  readonly joint: MeanSe<number[]>;
  /** T^{A←B} per run, averaged (8.2). */
  readonly transfer: MeanSe<number>;
}

/** Summarises the runs of a config (8.2). */
export function summarizeTransfer(c: TransferConfig, runs: PairRunRecord[]): TransferSimulation {
  return {
    config: c,
    epochs: epochGrid(c.epochs, c.reportEvery),
    runs,
    alone: curveMeanSe(runs.map((r) => r.aloneTestErrorA)),
    joint: curveMeanSe(runs.map((r) => r.jointTestErrorA)),
    transfer: meanSe(runs.map((r) => r.transfer)),
  };
}

/** Simulates every run of a validated config in this thread; `simulateTransferParallel` spreads them over cores (Appendix R7). */
export function simulateTransfer(c: TransferConfig, options: TransferRunOptions = {}): TransferSimulation {
  const runs: PairRunRecord[] = [];
  for (let r = 0; r < c.runs; r++) runs.push(simulateTransferRun(c, r, options));
  return summarizeTransfer(c, runs);
}
