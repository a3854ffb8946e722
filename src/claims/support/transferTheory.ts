import { buildAsymptoticModel } from '../../theory/asymptoticModel.js';
import type { StoppingPoint } from '../../theory/optimalStopping.js';
import { jointModes } from '../../transfer/jointModes.js';
import { alignmentsOf } from '../../transfer/transferConfig.js';
import {
  aloneOptimalStopping,
  aloneTheorySpec,
  buildJointTheory,
  jointDataTheorySpec,
  jointOptimalStopping,
  jointTheoryOf,
  type JointTheory,
  type TransferTheorySpec,
} from '../../transfer/transferTheory.js';

/**
 * The transfer theory as the C16 theory claims (d, e, g) exercise it: the joint student's model (8.3)
 * and the alone optimum (5.5). Planted bugs replace one of the two.
 */
export interface TransferTheoryImpl {
  readonly joint: (spec: TransferTheorySpec) => JointTheory;
  readonly alone: (spec: TransferTheorySpec, horizon: number) => StoppingPoint;
}

/** Uniform samples of the optima in the claims (anchors carry the resolution; see `OptimumOptions`). */
export const CLAIM_OPTIMUM = { uniform: 60 } as const;

/** The real theory of src/transfer (§8.4). */
export const realTransferTheory: TransferTheoryImpl = {
  joint: buildJointTheory,
  alone: (spec, horizon) => aloneOptimalStopping(buildAsymptoticModel(aloneTheorySpec(spec)), horizon, CLAIM_OPTIMUM),
};

/** The joint optimum of (8.3) on [0, horizon] under an implementation, §8.4. */
export function jointOptimum(impl: TransferTheoryImpl, spec: TransferTheorySpec, horizon: number): StoppingPoint {
  return jointOptimalStopping(impl.joint(spec), horizon, CLAIM_OPTIMUM);
}

/**
 * min_t of (8.3) on [0, horizon] and the O(ε) start term 2ε Σ_k |pull_k|/‖W̄_A‖² of the same joint model, §8.4.
 * At a target right at its threshold the pulls are O(ε) rather than 0, so the minimum sits up to
 * Σ pull_k²/weight_k ≤ 2ε Σ|pull_k| (when pull_k/weight_k ≤ 2ε) below the start: an ε-scale effect that
 * `epsilonFloor` (ε² only) misses (fixtures/counterexamples/C16g-target-at-threshold.json).
 */
export function jointMinimumWithStart(
  impl: TransferTheoryImpl,
  spec: TransferTheorySpec,
  horizon: number,
): { minError: number; startFloor: number } {
  const theory = impl.joint(spec);
  const pulls = theory.pull.reduce((a, p) => a + Math.abs(p), 0);
  return {
    minError: jointOptimalStopping(theory, horizon, CLAIM_OPTIMUM).minError,
    startFloor: (2 * spec.initScale * pulls) / theory.teacherNormSqA,
  };
}

/** min_t of (8.3) on [0, horizon] under an implementation, §8.4. */
export function jointMinimum(impl: TransferTheoryImpl, spec: TransferTheorySpec, horizon: number): number {
  return jointOptimum(impl, spec, horizon).minError;
}

/**
 * The O(ε²) floor of the theory's T: at t = 0 every learned mode sits at strength ε, so both curves
 * start within N2·ε²/‖W̄_A‖² of 1 and an undetectable target's optima differ by at most twice that (§8.5).
 */
export function epsilonFloor(spec: TransferTheorySpec): number {
  const normA = spec.singularValuesA.reduce((s, x) => s + x * x, 0);
  return (2 * Math.min(...spec.hiddenDims, spec.inputDim) * spec.initScale * spec.initScale) / normA;
}

/** Planted bug: drops the leakage of each joint mode's isotropic remainder into A's block, weight_k = o_u² a_k. */
export const noLeakage: TransferTheoryImpl = {
  ...realTransferTheory,
  joint: (spec) => {
    const j = buildJointTheory(spec);
    return { ...j, weight: j.model.signals.map((m, k) => m.outputOverlapSq * j.modes.shareA[k]) };
  },
};

/** Planted bug: distorts the joint modes with A's own aspect N3^A/N1, forgetting B's noisy rows in the joint data. */
export const aloneAspect: TransferTheoryImpl = {
  ...realTransferTheory,
  joint: (spec) => {
    const modes = jointModes(spec.singularValuesA, spec.singularValuesB, alignmentsOf(spec));
    return jointTheoryOf(
      spec,
      modes,
      buildAsymptoticModel({ ...jointDataTheorySpec(spec, modes), outputDim: spec.outputDimA }),
    );
  },
};

/**
 * Planted bug (§12 D9): the top joint singular value taken as √(s̄_A² + s̄_B² + 2q s̄_A s̄_B), the value
 * if both tasks shared one output space, inside an otherwise correct (8.3).
 */
export const sharedOutputValue: TransferTheoryImpl = {
  ...realTransferTheory,
  joint: (spec) => {
    const modes = jointModes(spec.singularValuesA, spec.singularValuesB, alignmentsOf(spec));
    const [a, b, q] = [spec.singularValuesA[0], spec.singularValuesB[0], alignmentsOf(spec)[0]];
    const singularValues = [Math.sqrt(a * a + b * b + 2 * q * a * b), ...modes.singularValues.slice(1)];
    const wrong = { ...modes, singularValues };
    return jointTheoryOf(spec, wrong, buildAsymptoticModel(jointDataTheorySpec(spec, wrong)));
  },
};

/** Planted bug: takes the joint modes' shares of B's block for A's (1 − a_k instead of a_k). */
export const sharesOfB: TransferTheoryImpl = {
  ...realTransferTheory,
  joint: (spec) => {
    const modes = jointModes(spec.singularValuesA, spec.singularValuesB, alignmentsOf(spec));
    const swapped = { ...modes, shareA: modes.shareA.map((a) => 1 - a) };
    return jointTheoryOf(spec, swapped, buildAsymptoticModel(jointDataTheorySpec(spec, modes)));
  },
};
