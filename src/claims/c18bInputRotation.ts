/**
 * C18b: one-hot inputs with noise Z and orthogonal inputs Q with noise ZQ give the same Σ31 and Σ11, hence identical GD
 * trajectories from identical initial weights: for P = N1 the choice of orthogonal inputs does not matter (exact, §9.7).
 */
import { matmul } from '../linalg/gemm.js';
import { haarOrthogonal } from '../linalg/haar.js';
import { identity } from '../linalg/mat.js';
import { assembleTask } from '../task/buildTask.js';
import { twoSided, type Claim, type Outcome, type PlantedBug } from './claim.js';
import { claimTaskSpec } from './support/tasks.js';
import {
  arbInvarianceSpec,
  C18_TOL,
  invarianceRun,
  mapGap,
  realInvarianceImpl,
  type InvarianceImpl,
  type InvarianceSpec,
} from './support/invariances.js';

/** A C18(b) instance (support/invariances.ts). */
export type C18bSpec = InvarianceSpec;

const arbitrary = arbInvarianceSpec;

/** (b) Input rotation: one-hot X with noise Z and orthogonal X with noise ZX give the same Σ31, Σ11, hence the same trajectory. */
function check(spec: C18bSpec, impl: C18bImpl): Outcome {
  const { rng, task, student, training, initial, record } = invarianceRun(spec, impl);
  const n1 = spec.inputDim;
  const oneHot = impl.assemble(claimTaskSpec(spec, spec.inputDim, 'onehot'), {
    uBar: task.uBar,
    vBar: task.vBar,
    x: identity(n1),
    noise: task.noise,
    inputKind: 'identity',
    inputScale: 1,
  });
  const q = haarOrthogonal(n1, rng.fork('rotation'));
  const rotated = impl.assemble(claimTaskSpec(spec, spec.inputDim, 'orthogonal'), {
    uBar: task.uBar,
    vBar: task.vBar,
    x: q,
    noise: matmul(task.noise, q),
    inputKind: 'identity',
    inputScale: 1,
  });
  const a = record(oneHot, student, training, initial);
  const b = record(rotated, student, training, initial);
  return twoSided(
    mapGap(a.maps, b.maps, 1, spec.initScale),
    0,
    C18_TOL,
    'max_k ‖W_k(one-hot, Z) − W_k(orthogonal X, ZX)‖ / ‖W_k‖',
  );
}

/** What C18(b) exercises: the trainer and the task assembly. */
export type C18bImpl = InvarianceImpl;

const implementation = realInvarianceImpl;

/** Σ31 taken as Ŷ, as if the inputs were always one-hot. */
const sigma31IsY: PlantedBug<C18bImpl> = {
  name: 'Σ31 = Ŷ',
  description: 'builds Σ31 as Ŷ (forgets the Xᵀ factor), which is right only for one-hot inputs',
  implementation: {
    ...realInvarianceImpl,
    assemble: (spec, parts) => assembleTask({ ...spec, inputs: 'onehot' }, parts),
  },
};

const plantedBugs: readonly PlantedBug<C18bImpl>[] = [sigma31IsY];

/** C18(b) input rotation (exact). */
export const c18bInputRotation: Claim<C18bSpec, C18bImpl> = {
  id: 'C18b',
  name: 'one-hot and rotated orthogonal inputs train identically',
  statement:
    'One-hot inputs X = I with noise Z and orthogonal inputs X = Q with noise ZQ give the same Σ31 and Σ11, hence identical trajectories ' +
    'from identical initial weights: for P = N1 the choice of orthogonal inputs does not matter.',
  reference: '§9.7, §9.8; §11 C18',
  kind: 'exact',
  falseFailure: { perInstance: 0, source: 'exact identities; 1e-10 covers float64 rounding (observed ≤ 1e-13)' },
  instances: { ci: 100, thorough: 400 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
