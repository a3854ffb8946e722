/**
 * C18a: scaling teacher and noise by c, each initial layer by c^(1/D_w) and the learning rate by c^(−(2−2/D_w)) maps the
 * discrete GD trajectory to c·W_k at the same step, so normalised errors are unchanged (exact, §9.7–§9.8).
 */
import { clone, scale } from '../linalg/mat.js';
import { gdStepReference } from '../network/gdStepReference.js';
import { twoSided, worstOf, type Claim, type Outcome, type PlantedBug } from './claim.js';
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

/** A C18(a) instance (support/invariances.ts). */
export type C18aSpec = InvarianceSpec;

const arbitrary = arbInvarianceSpec;

/** (a) Scale invariance §9.8: (W̄, Z, init, λ) → (cW̄, cZ, c^{1/D_w}·init, λ/c^{2−2/D_w}) maps W_k → cW_k; normalised errors unchanged. */
function check(spec: C18aSpec, impl: C18aImpl): Outcome {
  const { task, depth, student, training, initial, record } = invarianceRun(spec, impl);
  const c = spec.c;
  const scaled = impl.assemble(
    { ...task.spec, teacherSingularValues: spec.teacherSingularValues.map((s) => c * s), noiseStd: c * spec.noiseStd },
    {
      uBar: task.uBar,
      vBar: task.vBar,
      x: task.x,
      noise: scale(task.noise, c),
      inputKind: task.sigma11Kind,
      inputScale: task.sigma11Scale,
    },
  );
  const base = record(task, student, training, initial);
  const other = record(
    scaled,
    { ...student, initScale: c * spec.initScale },
    { ...training, learningRate: training.learningRate / Math.pow(c, 2 - 2 / depth) },
    initial.map((l) => scale(l, Math.pow(c, 1 / depth))),
  );
  const errGap = Math.max(...base.errors.map((e, i) => Math.abs(e - other.errors[i]) / Math.max(1, e)));
  return worstOf([
    twoSided(
      mapGap(base.maps, other.maps, c, spec.initScale),
      0,
      C18_TOL,
      'max_k ‖W_k(c·task) − c·W_k(task)‖ / (c‖W_k‖)',
    ),
    twoSided(errGap, 0, C18_TOL, 'largest gap between the normalised test-error trajectories'),
  ]);
}

/** What C18(a) exercises: the trainer and the task assembly. */
export type C18aImpl = InvarianceImpl;

const implementation = realInvarianceImpl;

/** GD whose per-entry update is clipped to ±1e-5, as in common "gradient clipping": not homogeneous in the scale c. */
const clipped: PlantedBug<C18aImpl> = {
  name: 'gradient clipping',
  description: 'clips every entry of λ·gradient to ±1e-5',
  implementation: invarianceImplWithStep((layers, s31, s11, lr, update) => {
    const next = gdStepReference(layers, s31, s11, lr, update);
    return next.map((n, l) => {
      const out = clone(layers[l]);
      for (let i = 0; i < out.data.length; i++)
        out.data[i] += Math.max(-1e-5, Math.min(1e-5, n.data[i] - layers[l].data[i]));
      return out;
    });
  }),
};

const plantedBugs: readonly PlantedBug<C18aImpl>[] = [clipped];

/** C18(a) scale invariance (exact). */
export const c18aScaleInvariance: Claim<C18aSpec, C18aImpl> = {
  id: 'C18a',
  name: 'scale invariance of the GD trajectory',
  statement:
    'Scaling teacher and noise by c, each layer of the initialisation by c^(1/D_w) and the learning rate by c^(−(2−2/D_w)) maps the discrete GD ' +
    'trajectory to W_k → c·W_k at the same step k; normalised errors are unchanged.',
  reference: '§9.7, §9.8; §11 C18',
  kind: 'exact',
  falseFailure: { perInstance: 0, source: 'exact identities; 1e-10 covers float64 rounding (observed ≤ 1e-13)' },
  instances: { ci: 100, thorough: 400 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
