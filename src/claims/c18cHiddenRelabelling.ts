/**
 * C18c: rotating or permuting the units of a hidden layer, consistently in the adjacent weight matrices, leaves the
 * end-to-end map W(t) unchanged at every GD step (exact, §9.7–§9.8).
 */
import { matmul } from '../linalg/gemm.js';
import { haarOrthogonal } from '../linalg/haar.js';
import { identity, type Mat } from '../linalg/mat.js';
import { gdStepReference } from '../network/gdStepReference.js';
import type { createRng } from '../random/rng.js';
import { twoSided, type Claim, type Outcome, type PlantedBug } from './claim.js';
import {
  arbInvarianceSpec,
  C18_TOL,
  invarianceImplWithStep,
  invarianceRun,
  mapGap,
  realInvarianceImpl,
  type InvarianceImpl,
  type InvarianceSpec,
} from './support/invariances.js';

/** A C18(c) instance (support/invariances.ts). */
export type C18cSpec = InvarianceSpec;

const arbitrary = arbInvarianceSpec;

/** (c) Re-labelling hidden units: W^l → R_l W^l R_{l−1}ᵀ with orthogonal (or permutation) R_l leaves W(t) unchanged. */
function check(spec: C18cSpec, impl: C18cImpl): Outcome {
  const { rng, student, training, initial, record, task } = invarianceRun(spec, impl);
  const rotations = spec.hiddenDims.map((h, i) =>
    spec.permute ? permutation(h, rng.fork(`perm${i}`)) : haarOrthogonal(h, rng.fork(`rot${i}`)),
  );
  const relabelled = initial.map((w, l) => {
    const left = l < rotations.length ? rotations[l] : identity(w.rows);
    const right = l > 0 ? rotations[l - 1] : identity(w.cols);
    return matmul(matmul(left, w), right, { transB: true });
  });
  const a = record(task, student, training, initial);
  const b = record(task, student, training, relabelled);
  return twoSided(
    mapGap(a.maps, b.maps, 1, spec.initScale),
    0,
    C18_TOL,
    'max_k ‖W_k(relabelled hidden units) − W_k‖ / ‖W_k‖',
  );
}

function permutation(n: number, rng: ReturnType<typeof createRng>): Mat {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const p = { rows: n, cols: n, data: new Float64Array(n * n) };
  order.forEach((j, i) => (p.data[i * n + j] = 1));
  return p;
}

/** What C18(c) exercises: the trainer and the task assembly. */
export type C18cImpl = InvarianceImpl;

const implementation = realInvarianceImpl;

/** An off-by-one in the update loop: the first hidden unit's incoming weights are never updated. */
const firstUnitFrozen: PlantedBug<C18cImpl> = {
  name: 'first hidden unit frozen',
  description: 'an off-by-one that skips row 0 of W^1 in the update',
  implementation: invarianceImplWithStep((layers, s31, s11, lr, update) => {
    const next = gdStepReference(layers, s31, s11, lr, update);
    for (let j = 0; j < layers[0].cols; j++) next[0].data[j] = layers[0].data[j];
    return next;
  }),
};

const plantedBugs: readonly PlantedBug<C18cImpl>[] = [firstUnitFrozen];

/** C18(c) hidden-unit relabelling (exact). */
export const c18cHiddenRelabelling: Claim<C18cSpec, C18cImpl> = {
  id: 'C18c',
  name: 'rotating or permuting hidden units leaves W(t) unchanged',
  statement:
    'Applying an orthogonal matrix (or a permutation) R_l to hidden layer l, consistently to the adjacent weight matrices ' +
    '(W^l → R_l W^l R_{l−1}ᵀ), leaves the end-to-end map W(t) unchanged at every step of GD.',
  reference: '§9.7, §9.8; §11 C18',
  kind: 'exact',
  falseFailure: { perInstance: 0, source: 'exact identities; 1e-10 covers float64 rounding (observed ≤ 1e-13)' },
  instances: { ci: 100, thorough: 400 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
