import { epochGrid } from '../config/simulationConfig.js';
import { buildAsymptoticModel, type AsymptoticModel, type TheorySpec } from '../theory/asymptoticModel.js';
import { globalMinimum, modeTimeAnchors, type StoppingPoint } from '../theory/optimalStopping.js';
import { fittedNoise, signalStrengths, theoryPoint } from '../theory/theoryErrors.js';
import { theoryOptimalStopping } from '../theory/theoryOptimalStopping.js';
import { jointModes, type JointModes } from './jointModes.js';
import { alignmentsOf, type TransferConfig } from './transferConfig.js';

/** The parts of a transfer config the theory depends on (init kind, update order, runs and seed do not enter). */
export type TransferTheorySpec = Pick<
  TransferConfig,
  | 'inputDim'
  | 'hiddenDims'
  | 'outputDimA'
  | 'outputDimB'
  | 'examples'
  | 'singularValuesA'
  | 'singularValuesB'
  | 'alignment'
  | 'noiseStd'
  | 'learningRate'
  | 'initScale'
>;

/**
 * The joint student's theory on task A (8.3), computed once: the joint spectrum (8.1), the
 * single-task asymptotic model of the joint data (aspect A_J = (N3^A + N3^B)/N1 under §4.5) and, per
 * joint mode k, the two coefficients of its quadratic in the strength s_k:
 * weight_k = o_{u,k}² a_k + (1 − o_{u,k}²) f_A (‖P_A û_k‖²) and pull_k = g s̄_k 𝒪_k a_k (⟨P_A û_k v̂_kᵀ, W̄_A⟩).
 */
export interface JointTheory {
  readonly spec: TransferTheorySpec;
  readonly modes: JointModes;
  /** The joint data's asymptotic model: signals = the joint modes, noise counts n_noise, n_fit (5.4). */
  readonly model: AsymptoticModel;
  /** f_A = N3^A/(N3^A + N3^B): the share of an isotropic output vector in A's block. */
  readonly shareOfA: number;
  readonly weight: readonly number[];
  readonly pull: readonly number[];
  /** ‖W̄_A‖² = Σ s̄_A². */
  readonly teacherNormSqA: number;
}

/** The single-task theory spec of task A alone (5.5), §8.4. */
export function aloneTheorySpec(spec: TransferTheorySpec): TheorySpec {
  return {
    inputDim: spec.inputDim,
    hiddenDims: spec.hiddenDims,
    outputDim: spec.outputDimA,
    examples: spec.examples,
    teacherSingularValues: spec.singularValuesA,
    noiseStd: spec.noiseStd,
    learningRate: spec.learningRate,
    initScale: spec.initScale,
  };
}

/** The single-task theory spec of the joint data: N3 = N3^A + N3^B, teacher = the joint spectrum (8.1), §8.4. */
export function jointDataTheorySpec(spec: TransferTheorySpec, modes: JointModes): TheorySpec {
  return {
    inputDim: spec.inputDim,
    hiddenDims: spec.hiddenDims,
    outputDim: spec.outputDimA + spec.outputDimB,
    examples: spec.examples,
    teacherSingularValues: modes.singularValues,
    noiseStd: spec.noiseStd,
    learningRate: spec.learningRate,
    initScale: spec.initScale,
  };
}

/** The per-mode coefficients of (8.3) from the joint modes and the joint data's asymptotic model, §8.4. */
export function jointTheoryOf(spec: TransferTheorySpec, modes: JointModes, model: AsymptoticModel): JointTheory {
  const shareOfA = spec.outputDimA / (spec.outputDimA + spec.outputDimB);
  const weight = model.signals.map((m, k) => m.outputOverlapSq * modes.shareA[k] + (1 - m.outputOverlapSq) * shareOfA);
  // ⟨P_A ũ_k ṽ_kᵀ, W̄_A⟩ = s̄_k a_k (ũ_k, ṽ_k the joint singular vectors: (M c_k)_A = s̄_k² c_{k,A}),
  // shrunk by 𝒪_k and seen through the data subspace (g s̄_k = optimalStrength/𝒪_k).
  const pull = model.signals.map((m, k) => m.optimalStrength * modes.shareA[k]);
  const teacherNormSqA = spec.singularValuesA.reduce((s, x) => s + x * x, 0);
  return { spec, modes, model, shareOfA, weight, pull, teacherNormSqA };
}

/** Builds the joint theory (8.1), (8.3) of a (validated) transfer spec, §8.4. */
export function buildJointTheory(spec: TransferTheorySpec): JointTheory {
  const modes = jointModes(spec.singularValuesA, spec.singularValuesB, alignmentsOf(spec));
  return jointTheoryOf(spec, modes, buildAsymptoticModel(jointDataTheorySpec(spec, modes)));
}

/**
 * (8.3) in block-share form: ε_A^joint(t) = 1 + {Σ_k [weight_k s_k(t)² − 2 pull_k s_k(t)] + f_A n_noise ∫_{R_in} s(t;x)² ρ}/‖W̄_A‖²,
 * with s_k(t) the joint modes' strengths and ρ the joint bulk; t in epochs (8.3), §8.4.
 */
export function jointTestErrorA(theory: JointTheory, t: number): number {
  if (!(t >= 0 && t < Infinity)) throw new RangeError(`t must be a finite number ≥ 0 (epochs), got ${t}`);
  const s = signalStrengths(theory.model, t);
  let num = theory.shareOfA * fittedNoise(theory.model, t, false).strengthSq;
  for (let k = 0; k < s.length; k++) num += s[k] * (theory.weight[k] * s[k] - 2 * theory.pull[k]);
  // Not clamped: Σ_k pull_k²/weight_k ≤ Σ_k s̄_k² a_k = ‖W̄_A‖² (trace of the joint Gram's A block), so a
  // correct model is ≥ 0 up to rounding, and a negative value exposes an error instead of hiding it.
  return 1 + num / theory.teacherNormSqA;
}

/** Task A alone on its own (5.5) at t epochs, §5.2, §8.4. */
export function aloneTestErrorA(model: AsymptoticModel, t: number): number {
  return theoryPoint(model, t, { train: false }).testError;
}

/**
 * Global minimum of (8.3) on [0, horizon] epochs: anchors on every learned joint mode's sigmoid and
 * at the strength pull_k/weight_k that minimises its own term (R5, §6, §8.4).
 */
export function jointOptimalStopping(
  theory: JointTheory,
  horizon: number,
  options: OptimumOptions = {},
): StoppingPoint {
  const anchors: number[] = [];
  theory.model.signals.forEach((m, k) => {
    if (!m.learned) return;
    const best = theory.weight[k] > 0 ? theory.pull[k] / theory.weight[k] : 0;
    anchors.push(...modeTimeAnchors(m.sHat, theory.model.dynamics, horizon, [best]));
  });
  return globalMinimum((t) => jointTestErrorA(theory, t), horizon, { anchors, uniform: options.uniform });
}

/** Options of the theory optima. */
export interface OptimumOptions {
  /**
   * Uniform samples on [0, horizon] besides the anchors on every learned mode's sigmoid (default 400).
   * The anchors carry the resolution; 60 gives the same minima to 1e-15 on the claims' domains (tested).
   */
  readonly uniform?: number;
}

/** Global minimum of A alone's (5.5) on [0, horizon], anchored like `theoryOptimalStopping` (R5, §6). */
export function aloneOptimalStopping(
  model: AsymptoticModel,
  horizon: number,
  options: OptimumOptions = {},
): StoppingPoint {
  if (options.uniform === undefined) return theoryOptimalStopping(model, horizon);
  const anchors: number[] = [];
  for (const m of model.signals)
    if (m.learned) anchors.push(...modeTimeAnchors(m.sHat, model.dynamics, horizon, [m.optimalStrength]));
  return globalMinimum((t) => aloneTestErrorA(model, t), horizon, { anchors, uniform: options.uniform });
}

/** T^{A←B} in theory: min_t (5.5) of A alone − min_t (8.3), both over [0, horizon] epochs (8.2), §8.4. */
export interface TransferTheoryValue {
  readonly transfer: number;
  readonly alone: StoppingPoint;
  readonly joint: StoppingPoint;
}

/** T^{A←B} = min_t ε_A^alone − min_t ε_A^joint from the theory curves (5.5) and (8.3), §8.4 (8.2). */
export function theoryTransfer(
  spec: TransferTheorySpec,
  horizon: number,
  options: OptimumOptions = {},
): TransferTheoryValue {
  const alone = aloneOptimalStopping(buildAsymptoticModel(aloneTheorySpec(spec)), horizon, options);
  const joint = jointOptimalStopping(buildJointTheory(spec), horizon, options);
  return { transfer: alone.minError - joint.minError, alone, joint };
}

/** The theory curves of a transfer config on its recorded epochs, and T^{A←B} over [0, epochs] (8.2)–(8.3), §8.4. */
export interface TransferTheoryCurves extends TransferTheoryValue {
  readonly epochs: number[];
  /** A alone, (5.5). */
  readonly aloneTestError: number[];
  /** The joint student's error on A, (8.3). */
  readonly jointTestError: number[];
}

/** Curves (5.5) and (8.3) on `epochGrid(epochs, reportEvery)` and T^{A←B} (8.2), §8.4, Appendix R7. */
export function transferTheoryCurves(
  spec: TransferTheorySpec & Pick<TransferConfig, 'epochs' | 'reportEvery'>,
): TransferTheoryCurves {
  const aloneModel = buildAsymptoticModel(aloneTheorySpec(spec));
  const joint = buildJointTheory(spec);
  const epochs = epochGrid(spec.epochs, spec.reportEvery);
  const aloneOpt = theoryOptimalStopping(aloneModel, spec.epochs);
  const jointOpt = jointOptimalStopping(joint, spec.epochs);
  return {
    epochs,
    aloneTestError: epochs.map((t) => aloneTestErrorA(aloneModel, t)),
    jointTestError: epochs.map((t) => jointTestErrorA(joint, t)),
    alone: aloneOpt,
    joint: jointOpt,
    transfer: aloneOpt.minError - jointOpt.minError,
  };
}
