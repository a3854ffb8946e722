/**
 * C2: under C1's setup, every mode strength of discrete GD stays within the depth-aware bound B·max(ŝ_k/c_k, ε) of the
 * stable closed form s(t; ŝ_k) at every recorded step (B of `c2StrengthBound`; for D_w = 2, c = 1 THEORY's audited
 * bound). Checked against GD on random tasks (exact within a derived bound, §3.2, §3.4).
 */
import type fc from 'fast-check';
import { arbAlignedRun, type AlignedRunSpec } from '../arbitraries/alignedRun.js';
import { epochGrid } from '../config/simulationConfig.js';
import { modeStrength } from '../dynamics/modeStrength.js';
import type { ModeDynamics } from '../dynamics/modeDynamics.js';
import { trainStudent } from '../network/train.js';
import { buildSemiAnalyticModel, semiAnalyticCurves } from '../theory/semiAnalytic.js';
import { atMost, type Claim, type Scale, type PlantedBug } from './claim.js';
import { realTrain, type TrainRun } from './support/realTrain.js';
import { alignedRunInstance } from './support/alignedRun.js';
import type { CurveSet } from './support/curveSet.js';
import { gdVsSemiAnalytic, strengthGapName } from './support/gdVsSemiAnalytic.js';
import { guarded } from './support/guarded.js';

/** A C2 instance: C1's setup (task, training-aligned student, GD run), all matrices drawn from `seed`. */
export type C2Spec = AlignedRunSpec;

/** C1's domain (§11 C1) with λ_eff ∈ [1e-3, 0.05] (the range THEORY's audit re-measured the constants on). */
function arbitrary(scale: Scale): fc.Arbitrary<C2Spec> {
  return scale === 'ci'
    ? arbAlignedRun({ maxOutputDim: 8, maxEpochs: 1500 })
    : arbAlignedRun({ maxOutputDim: 40, maxEpochs: 20_000 });
}

/**
 * max over modes k < student rank and recorded epochs of |s_k^GD − s(t; ŝ_k)|/max(ŝ_k/c_k, ε) in units of the
 * depth-aware bound B of `c2StrengthBound` (support/gdVsSemiAnalytic.ts, shared with C10a): holds iff ≤ 1.
 */
function check(spec: C2Spec, impl: C2Impl) {
  const { rng, task, student, training } = alignedRunInstance(spec);
  const record = impl.train(task, student, training, rng);
  const model = buildSemiAnalyticModel(task, student, training.learningRate);
  const semi = semiAnalyticCurves(task, student, training);
  const strength = guarded({ f: impl.strength }).f;
  const modeStrengths = semi.modeStrengths.map((row, k) =>
    k < model.studentRank
      ? semi.epochs.map((t) => strength(t, model.sHat[k], { ...model.dynamics, inputScale: model.inputScale[k] }))
      : row,
  );
  const gd: CurveSet = { epochs: epochGrid(training.epochs, training.reportEvery), ...record };
  const gap = gdVsSemiAnalytic(model, { ...semi, modeStrengths }, gd, training.learningRate, spec.update);
  return atMost(
    gap.strength.value,
    0,
    1,
    `${strengthGapName(gap.bound)}: ${gap.strength.detail} (λ = ${training.learningRate}, ${training.epochs} epochs)`,
  );
}

/** What C2 exercises: the GD trainer (records diag(ÛᵀWV̂)) and the closed-form strength s(t; ŝ). */
export interface C2Impl {
  readonly train: TrainRun;
  strength(t: number, sHat: number, o: ModeDynamics): number;
}

const implementation: C2Impl = {
  train: realTrain,
  strength: modeStrength,
};

/** The log form of (3.3): NaN for 0 < ŝ/c < ε (THEORY's audit of §3.2). */
function logForm(t: number, sHat: number, o: ModeDynamics): number {
  if (o.depth !== 2) return modeStrength(t, sHat, o);
  const c = o.inputScale ?? 1;
  return sHat / c / (1 + Math.exp(Math.log(sHat / (c * o.initScale) - 1) - (2 * sHat * t) / o.tau));
}

const plantedBugs: readonly PlantedBug<C2Impl>[] = [
  {
    name: 'loss without the ½',
    description:
      'GD on ‖Ŷ − WX‖² instead of ½‖Ŷ − WX‖²: every gradient doubled, so the modes run twice as fast as s(t; ŝ) with τ = 1/λ',
    implementation: {
      ...implementation,
      train: (task, student, training, rng) =>
        trainStudent(task, student, { ...training, learningRate: 2 * training.learningRate }, rng),
    },
  },
  {
    name: 'update order ignored',
    description:
      'the trainer always updates the layers simultaneously, also when the sequential (Gauss–Seidel) order is asked for',
    implementation: {
      ...implementation,
      train: (task, student, training, rng) =>
        trainStudent(task, { ...student, update: 'simultaneous' }, training, rng),
    },
  },
  {
    name: 'log form of (3.3)',
    description:
      'the closed form evaluated as ŝ/(1 + exp(ln(ŝ/ε − 1) − 2ŝt/τ)), NaN for modes with ŝ < ε (σ_z = 0 or tiny noise)',
    implementation: { ...implementation, strength: logForm },
  },
  {
    name: 'one-hidden-layer closed form at every depth',
    description: 'compares deep students with the D_w = 2 solution (3.3)',
    implementation: { ...implementation, strength: (t, sHat, o) => modeStrength(t, sHat, { ...o, depth: 2 }) },
  },
];

/** C2 discrete GD vs the closed form (exact within a derived bound, §3.4). */
export const c02DiscreteVsClosedForm: Claim<C2Spec, C2Impl> = {
  id: 'C2',
  name: 'discrete GD follows the closed-form mode dynamics within the C2 bound',
  statement:
    "Under C1's setup (training-aligned students, Σ11 = I or 2·I, D_w ∈ 2…6, either update order, ŝ down to 0 including σ_z = 0, ε ∈ [1e-8, 1e-1]), " +
    'for every mode k of the student and every recorded step t: |s_k^GD(t) − s(t; ŝ_k)| / max(ŝ_k/c_k, ε) ≤ B, where s is the stable closed form and ' +
    'B = 0.5 λ_eff (sequential) or 0.25 λ_eff ln(S/ε) + 0.5 λ_eff (simultaneous), S = max(ŝ_1/c, ε), λ_eff = λ c (D_w/2) S^{2−2/D_w} ∈ [1e-3, 0.05]. ' +
    'For D_w = 2, c = 1 this is THEORY\'s audited C2 (λ_eff = λŝ_1); THEORY\'s "same bound for D_w = 4" (λ_eff = λŝ_1) is too tight and is not what is asserted. ' +
    'Dividing by ŝ_k instead of max(ŝ_k, ε) is false for modes with ŝ_k ≲ ε.',
  reference: '§3.2 (3.3), §3.4 (3.9); §11 C2 [AUDITED]; src/dynamics/modeStiffness.ts c2StrengthBound',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source:
      'deterministic bound: per mode the gap is a deterministic function of (ŝ_k/S, ε/S, λ_eff, D_w, order, c), and GD equals the scalar recursion (3.9) to 1e-9 (C1); ' +
      'a scan of the recursion over 11000 such tuples covering this domain (ŝ_k from 1e-17 to ŝ_1, runs to 3 times the time to 99.9% or 2e5 steps) gave a largest ratio to B of 0.57',
  },
  instances: { ci: 100, thorough: 1000 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
