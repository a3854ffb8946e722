import type { SimulationConfig } from '../config/simulationConfig.js';
import type { ModeDynamics } from '../dynamics/modeDynamics.js';
import { bulkIntegral } from '../rmt/bulkIntegral.js';
import {
  effectiveSpike,
  effectiveThreshold,
  spikeImage,
  type EffectiveSpike,
  type SpikeImage,
} from '../rmt/effectiveSpike.js';
import { mpQuantileTheta } from '../rmt/mpCdf.js';
import { mpXOfTheta } from '../rmt/marchenkoPastur.js';

/** The parts of a SimulationConfig the asymptotic theory depends on (initialisation kind, update order and seeds do not enter). */
export type TheorySpec = Pick<
  SimulationConfig,
  | 'inputDim'
  | 'hiddenDims'
  | 'outputDim'
  | 'examples'
  | 'teacherSingularValues'
  | 'noiseStd'
  | 'learningRate'
  | 'initScale'
>;

/** One teacher mode in the asymptotic theory. */
export interface TheorySignal extends SpikeImage {
  /** s̄ as configured. */
  readonly sBar: number;
  /** Whether the student's rank reaches this mode (TA students learn the top min(N2, …) data modes). */
  readonly learned: boolean;
}

/**
 * Everything (5.5)–(5.8) need, computed once: effective spiked model (§4.5), per-mode images,
 * counts (5.4), the cut θ_c of R_in/R_out, the W-unit dynamics (τ/D for P > N1) and the normalisers.
 */
export interface AsymptoticModel {
  readonly spec: TheorySpec;
  readonly eff: EffectiveSpike;
  /** Mode dynamics in W units: τ_eff = τ/inputScale, Σ11 = I (§5.6–§5.7). */
  readonly dynamics: ModeDynamics;
  readonly signals: readonly TheorySignal[];
  /** n_noise = min(N3, N1, P) − N̄2 (5.4) (never negative). */
  readonly nNoise: number;
  /** n_fit = min(N2, N3, N1, P) − N̄2 (5.4) (never negative), N2 the narrowest hidden layer. */
  readonly nFit: number;
  /** θ of the cut x_c: R_in = [θ_c, π] holds the fraction n_fit/n_noise of the bulk (5.5). */
  readonly thetaCut: number;
  readonly xCut: number;
  /** n_noise ∫_{R_out} x² ρ (never fitted) and n_noise ∫_{R_in} x² ρ (5.6). */
  readonly noiseOutEnergy: number;
  readonly noiseInEnergy: number;
  /** Σ s̄², the test-error normaliser (1.6). */
  readonly teacherNormSq: number;
  /** The train-error normaliser: Σŝ² + n_noise σ_b² (5.6) for P = N1, D Σs̄² + N3 P σ_z²/N1 otherwise (§5.5–§5.6). */
  readonly trainNorm: number;
  /** N3 (P − N1) σ_z²/N1 for P > N1 (5.8), else 0. */
  readonly unfittable: number;
  /** Detectability threshold on the configured s̄ (4.3) under §4.5. */
  readonly threshold: number;
}

function check(ok: boolean, field: string, allowed: string, value: unknown): void {
  if (!ok) throw new RangeError(`${field} must be ${allowed}, got ${JSON.stringify(value)}`);
}

/** Builds the asymptotic model of a (validated) config, R4, §4.5, §5.2–§5.6. */
export function buildAsymptoticModel(spec: TheorySpec): AsymptoticModel {
  const { inputDim: n1, outputDim: n3, examples: p, noiseStd: sigma } = spec;
  // An empty hiddenDims is the linear student D_w = 1 (allowed here though the simulation config needs a hidden layer).
  check(
    Array.isArray(spec.hiddenDims) && spec.hiddenDims.every((h) => Number.isInteger(h) && h >= 1),
    'hiddenDims',
    'an array of integers ≥ 1',
    spec.hiddenDims,
  );
  check(
    Number.isFinite(spec.learningRate) && spec.learningRate > 0,
    'learningRate',
    'a finite number > 0',
    spec.learningRate,
  );
  check(Number.isFinite(spec.initScale) && spec.initScale > 0, 'initScale', 'a finite number > 0', spec.initScale);
  const sBars = spec.teacherSingularValues;
  check(
    Array.isArray(sBars) &&
      sBars.length >= 1 &&
      sBars.every((s) => Number.isFinite(s) && s >= 0) &&
      sBars.some((s) => s > 0),
    'teacherSingularValues',
    'a non-empty array of finite numbers ≥ 0, not all 0',
    sBars,
  );
  const eff = effectiveSpike({ inputDim: n1, outputDim: n3, examples: p, noiseStd: sigma });
  const depth = spec.hiddenDims.length + 1;
  const rank = eff.dataRank;
  const studentRank = Math.min(Math.min(...spec.hiddenDims), n1, n3, p);
  const learnable = Math.min(studentRank, rank);
  const nSig = sBars.length;
  const signals = sBars.map((sBar, a) => ({ ...spikeImage(sBar, eff), sBar, learned: a < learnable }));
  const nNoise = Math.max(0, rank - nSig);
  const nFit = Math.max(0, learnable - nSig);
  const { aspect: c, bulkScale: sb } = eff;
  const thetaCut = nNoise === 0 ? Math.PI : mpQuantileTheta(1 - nFit / nNoise, c);
  const energy = (from: number, to: number) =>
    nNoise === 0 || to <= from
      ? 0
      : nNoise * bulkIntegral((x) => x * x, c, sb, { from: { mass: from }, to: { mass: to }, relTol: 1e-14 }).value;
  const fitFraction = nNoise === 0 ? 0 : nFit / nNoise;
  const teacherNormSq = sBars.reduce((s, x) => s + x * x, 0);
  const d = p / n1;
  const trainNorm =
    eff.regime === 'square'
      ? signals.reduce((s, m) => s + m.sHat * m.sHat, 0) + nNoise * sb * sb
      : d * teacherNormSq + (n3 * p * sigma * sigma) / n1;
  return {
    spec,
    eff,
    dynamics: { initScale: spec.initScale, tau: 1 / spec.learningRate / eff.inputScale, depth, inputScale: 1 },
    signals,
    nNoise,
    nFit,
    thetaCut,
    xCut: mpXOfTheta(thetaCut, c, sb),
    noiseOutEnergy: energy(0, 1 - fitFraction),
    noiseInEnergy: energy(1 - fitFraction, 1),
    teacherNormSq,
    trainNorm,
    unfittable: p > n1 ? (n3 * (p - n1) * sigma * sigma) / n1 : 0,
    threshold: effectiveThreshold(eff),
  };
}
