/**
 * C16f: the theory (8.3)/(5.5) predicts the simulated transfer benefit T^{A←B}: the mean over R runs lies within a
 * finite-size margin plus a multiple of its standard error of T^th, outside the critical window around the detectability
 * thresholds (statistical, §8.4).
 */
import fc from 'fast-check';
import { arbLogUniform, arbSeed, arbUniform } from '../arbitraries/primitives.js';
import { minOf, type PairRunRecord } from '../transfer/pairRecord.js';
import { meanSe, simulateTransferRun } from '../transfer/simulateTransfer.js';
import { resolveTransferConfig, type TransferConfig } from '../transfer/transferConfig.js';
import type { TransferTheorySpec } from '../transfer/transferTheory.js';
import { twoSided, type Claim, type Scale, type PlantedBug } from './claim.js';
import { jointMinimum, noLeakage, realTransferTheory, type TransferTheoryImpl } from './support/transferTheory.js';

/** A C16f instance: s̄_A, s̄_B in units of σ_z, the alignment, and the seed of the simulated runs. */
export interface C16fSpec {
  /** Which setup of `C16F_SETUP` (the arbitrary's scale). */
  readonly size: Scale;
  readonly sA: number;
  readonly sB: number;
  readonly q: number;
  readonly seed: number;
}

/** What C16f exercises: the theory's T^{A←B} and the simulated per-run T^{A←B}. */
export interface C16fImpl {
  readonly theory: (spec: TransferTheorySpec, horizon: number) => number;
  readonly simulate: (config: TransferConfig) => number[];
}

/**
 * The size and tolerance of each scale. CI: N1 = 40, N3 = 20 + 20, N2 = 20, σ_z = √2, ε = 1e-5, λ = 0.003 for
 * 1667 epochs (5τ) recorded every 2, R = 16 runs; pass iff |mean T − T^th| ≤ 0.05 + 5 SE. Thorough: the paper's size (N1 = 100,
 * N3 = 50 + 50, N2 = 50, same λ and horizon), R = 16, 0.04 + 5 SE (THEORY.md's 0.03 + 3 SE with 10 runs fails
 * 6e-5 of the time on average over this domain, 1.3e-3 for a weak target with a strong aligned partner: bootstrap of our calibration).
 */
export const C16F_SETUP = {
  ci: { inputDim: 40, outputDim: 20, learningRate: 0.003, epochs: 1667, runs: 16, margin: 0.05, ses: 5 },
  thorough: { inputDim: 100, outputDim: 50, learningRate: 0.003, epochs: 1667, runs: 16, margin: 0.04, ses: 5 },
} as const;

/**
 * The domain, as calibrated: s̄_A/σ log-uniform in [0.2, 0.5] (undetectable) or [2, 10] (clear of the critical window
 * around the alone and joint thresholds 0.84σ and 1σ, where the finite-size bias reaches 0.075 at N3 = 20), s̄_B/σ
 * log-uniform in [0.2, 10], q = 0 or 1 (15% each) or uniform.
 */
function arbitrary(scale: Scale): fc.Arbitrary<C16fSpec> {
  const q = fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 3, arbitrary: fc.constant(1) },
    { weight: 14, arbitrary: arbUniform() },
  );
  const sA = fc.oneof(arbLogUniform(0.2, 0.5), arbLogUniform(2, 10));
  return fc.record({ size: fc.constant(scale), sA, sB: arbLogUniform(0.2, 10), q, seed: arbSeed() });
}

/** The transfer config of an instance at its size (§8.1). */
export function c16fConfig(spec: C16fSpec): TransferConfig {
  const s = C16F_SETUP[spec.size];
  return resolveTransferConfig({
    inputDim: s.inputDim,
    examples: s.inputDim,
    outputDimA: s.outputDim,
    outputDimB: s.outputDim,
    hiddenDims: [s.outputDim],
    singularValuesA: [spec.sA * Math.SQRT2],
    singularValuesB: [spec.sB * Math.SQRT2],
    alignment: spec.q,
    noiseStd: Math.SQRT2,
    initScale: 1e-5,
    learningRate: s.learningRate,
    epochs: s.epochs,
    reportEvery: 2,
    runs: s.runs,
    seed: spec.seed,
  });
}

function check(spec: C16fSpec, impl: C16fImpl) {
  const s = C16F_SETUP[spec.size];
  const config = c16fConfig(spec);
  const theory = impl.theory(config, config.epochs);
  const sim = meanSe(impl.simulate(config));
  const se = sim.se ?? Infinity;
  return twoSided(
    sim.mean,
    theory,
    s.margin + s.ses * se,
    `simulated mean T = ${sim.mean} ± ${se} (${s.runs} runs) vs theory ${theory}; tolerance ${s.margin} + ${s.ses} SE`,
  );
}

/** Per-run records of a config with the decoupled engine (the training-aligned GD students, exact to rounding). */
function records(config: TransferConfig): PairRunRecord[] {
  return Array.from({ length: config.runs }, (_, r) => simulateTransferRun(config, r, { engine: 'decoupled' }));
}

/** Per-run T^{A←B} (8.2). */
function simulateRuns(config: TransferConfig): number[] {
  return records(config).map((r) => r.transfer);
}

function theoryWith(impl: TransferTheoryImpl): C16fImpl['theory'] {
  return (spec, horizon) => impl.alone(spec, horizon).minError - jointMinimum(impl, spec, horizon);
}

const implementation: C16fImpl = { theory: theoryWith(realTransferTheory), simulate: simulateRuns };

const plantedBugs: readonly PlantedBug<C16fImpl>[] = [
  {
    name: 'no leakage (theory)',
    description: "drops the share f_A of each joint mode's isotropic remainder that lands in A's rows",
    implementation: { theory: theoryWith(noLeakage), simulate: simulateRuns },
  },
  {
    name: 'roles swapped (simulation, §12 A5)',
    description: 'reports T^{B←A}, the benefit to B, as the benefit to the target A',
    implementation: {
      theory: theoryWith(realTransferTheory),
      simulate: (config) => records(config).map((r) => r.transferBA),
    },
  },
  {
    name: 'log minima (simulation, §8.3)',
    description:
      "takes the difference of the logged minima, as the authors' early exploratory plots did, instead of (8.2)",
    implementation: {
      theory: theoryWith(realTransferTheory),
      simulate: (config) =>
        records(config).map((r) => Math.log(minOf(r.aloneTestErrorA)) - Math.log(minOf(r.jointTestErrorA))),
    },
  },
  {
    name: 'no early stopping (simulation)',
    description: 'compares the errors at the last epoch instead of the minima over training',
    implementation: {
      theory: theoryWith(realTransferTheory),
      simulate: (config) =>
        records(config).map(
          (r) => r.aloneTestErrorA[r.aloneTestErrorA.length - 1] - r.jointTestErrorA[r.jointTestErrorA.length - 1],
        ),
    },
  },
];

/** C16f theory vs simulation of T^{A←B} (statistical), §8.4. */
export const c16fTheoryVsSimulation: Claim<C16fSpec, C16fImpl> = {
  id: 'C16f',
  name: 'theory vs simulation of the transfer benefit',
  statement:
    'The theory (8.3)/(5.5) predicts the simulated T^{A←B}: the mean over R runs is within a finite-size margin plus a multiple of its SE of T^th ' +
    '(CI: N1 = 40, N3 = 20 + 20, R = 16, 0.05 + 5 SE; thorough: the paper size, R = 16, 0.04 + 5 SE; THEORY.md observed ≤ 0.035 at N1 = 100). ' +
    'Targets inside the critical window around the detectability thresholds are excluded: there the finite-size bias is larger (0.075 at N3 = 20, 0.055 at N3 = 50).',
  reference: '§8.4; §11 C16(f); §12 T3',
  kind: 'statistical',
  falseFailure: {
    perInstance: 5e-7,
    source:
      'bootstrap of the check on two independent calibrations (150 random settings each, 132 and 145 inside the domain, × 300 simulated runs ' +
      'at the CI size; 1e6 resamples of 16 runs per setting): failure rate averaged over the domain 1.6e-7 and 7e-9 (worst single setting 1e-5: ' +
      'a weak target with a strong aligned partner, whose per-run T is skewed); declared 5e-7 to cover the far tail the bootstrap cannot see. ' +
      'Finite-size bias inside the domain ≤ 0.033, per-run sd ≤ 0.14',
  },
  instances: { ci: 100, thorough: 300 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
