import fc from 'fast-check';
import { arbDims } from '../arbitraries/dims.js';
import { arbFraction, arbLogUniform, arbSeed, arbUniform, fractionToInt } from '../arbitraries/primitives.js';
import type { InitKind, UpdateOrder } from '../config/simulationConfig.js';
import { matmul } from '../linalg/gemm.js';
import { haarOrthogonal } from '../linalg/haar.js';
import { clone, identity, scale, type Mat } from '../linalg/mat.js';
import { frobenius, frobeniusDistSq } from '../linalg/norms.js';
import { gdStepReference } from '../network/gdStepReference.js';
import { initStudent } from '../network/init.js';
import type { Layers, StudentSpec, TrainingSpec } from '../network/student.js';
import { trainStudent } from '../network/train.js';
import type { Observer } from '../network/trainer.js';
import { createRng } from '../random/rng.js';
import { assembleTask } from '../task/buildTask.js';
import type { Task } from '../task/task.js';
import { twoSided, worstOf, type Claim, type Outcome, type PlantedBug, type Scale } from './claim.js';
import { trainWithStep } from './support/steppedTraining.js';
import { claimTaskSpec, orthogonalTask } from './support/tasks.js';

/** A C18 instance: a task, a student, a run, and the transformation to apply (scale c, rotations from `seed`). */
export interface C18Spec {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly hiddenDims: readonly number[];
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
  readonly init: InitKind;
  readonly update: UpdateOrder;
  readonly initScale: number;
  /** λ = lrFactor · 0.05 / ŝ1 (for D_w = 2; see `instance` for the depth scaling). */
  readonly lrFactor: number;
  readonly steps: number;
  /** Scale factor c of (a). */
  readonly c: number;
  /** (c) permutes the hidden units instead of rotating them. */
  readonly permute: boolean;
  readonly seed: number;
}

/** What C18 exercises: the trainer, and the assembly of Σ11, Σ31 from X and Ŷ. */
export interface C18Impl {
  train(task: Task, student: StudentSpec, training: TrainingSpec, initial: Layers, observe: Observer): void;
  assemble: typeof assembleTask;
}

const TOL = 1e-10;

function arbitrary(scale: Scale): fc.Arbitrary<C18Spec> {
  const maxN3 = scale === 'ci' ? 10 : 40;
  return fc
    .record({
      dims: arbDims({ minOutputDim: 1, maxOutputDim: maxN3, minAspect: 0.25 }),
      depth: fc.integer({ min: 2, max: 4 }),
      widths: fc.array(arbFraction(), { minLength: 3, maxLength: 3 }),
      rank: fc.integer({ min: 1, max: 3 }),
      spectrum: fc.array(arbUniform(0.1, 10), { minLength: 3, maxLength: 3 }),
      noiseStd: arbUniform(0, 2),
      init: fc.constantFrom<InitKind>('random', 'aligned'),
      update: fc.constantFrom<UpdateOrder>('sequential', 'simultaneous'),
      initScale: arbLogUniform(1e-6, 1e-1),
      lrFactor: arbUniform(0.1, 1),
      steps: fc.integer({ min: 1, max: scale === 'ci' ? 300 : 3000 }),
      c: arbLogUniform(1e-2, 1e2),
      permute: fc.boolean(),
      seed: arbSeed(),
    })
    .map((d) => {
      const { inputDim, outputDim } = d.dims;
      const rank = Math.min(d.rank, outputDim);
      return {
        inputDim,
        outputDim,
        hiddenDims: d.widths.slice(0, d.depth - 1).map((f) => fractionToInt(f, 1, inputDim + 2)),
        teacherSingularValues: d.spectrum.slice(0, rank).sort((a, b) => b - a),
        noiseStd: d.noiseStd,
        init: d.init,
        update: d.update,
        initScale: d.initScale,
        lrFactor: d.lrFactor,
        steps: d.steps,
        c: d.c,
        permute: d.permute,
        seed: d.seed,
      };
    });
}

function setup(spec: C18Spec, impl: C18Impl) {
  const rng = createRng(spec.seed);
  const task = orthogonalTask(spec, spec.inputDim, rng);
  const depth = spec.hiddenDims.length + 1;
  const sHat = Math.max(task.svd31.s[0], spec.initScale);
  const learningRate = (spec.lrFactor * 0.1) / (depth * Math.pow(sHat, 2 - 2 / depth));
  const student: StudentSpec = { hiddenDims: spec.hiddenDims, init: spec.init, initScale: spec.initScale, update: spec.update };
  const training: TrainingSpec = { learningRate, epochs: spec.steps, reportEvery: Math.max(1, Math.floor(spec.steps / 10)) };
  const initial = initStudent(task, student, rng.fork('init'));
  const record = (t: Task, s: StudentSpec, tr: TrainingSpec, layers: Layers) => {
    const maps: Mat[] = [];
    const errors: number[] = [];
    impl.train(t, s, tr, layers, (_e, _l, w) => {
      maps.push(clone(w));
      errors.push(frobeniusDistSq(w, t.teacher) / t.teacherNormSq);
    });
    return { maps, errors };
  };
  return { rng, task, depth, student, training, initial, record };
}

/** Worst relative distance between two sequences of maps, each compared at the scale of the reference. */
function mapGap(a: readonly Mat[], b: readonly Mat[], factor: number, eps: number): number {
  let worst = 0;
  a.forEach((m, i) => {
    const d = Math.sqrt(frobeniusDistSq(scale(m, factor), b[i])) / Math.max(factor * frobenius(m), factor * eps);
    worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
  });
  return worst;
}

/** (a) Scale invariance §9.8: (W̄, Z, init, λ) → (cW̄, cZ, c^{1/D_w}·init, λ/c^{2−2/D_w}) maps W_k → cW_k; normalised errors unchanged. */
function checkScale(spec: C18Spec, impl: C18Impl): Outcome {
  const { task, depth, student, training, initial, record } = setup(spec, impl);
  const c = spec.c;
  const scaled = impl.assemble(
    { ...task.spec, teacherSingularValues: spec.teacherSingularValues.map((s) => c * s), noiseStd: c * spec.noiseStd },
    { uBar: task.uBar, vBar: task.vBar, x: task.x, noise: scale(task.noise, c), inputKind: task.sigma11Kind, inputScale: task.sigma11Scale },
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
    twoSided(mapGap(base.maps, other.maps, c, spec.initScale), 0, TOL, 'max_k ‖W_k(c·task) − c·W_k(task)‖ / (c‖W_k‖)'),
    twoSided(errGap, 0, TOL, 'largest gap between the normalised test-error trajectories'),
  ]);
}

/** (b) Input rotation: one-hot X with noise Z and orthogonal X with noise ZX give the same Σ31, Σ11, hence the same trajectory. */
function checkInputRotation(spec: C18Spec, impl: C18Impl): Outcome {
  const { rng, task, student, training, initial, record } = setup(spec, impl);
  const n1 = spec.inputDim;
  const oneHot = impl.assemble(claimTaskSpec(spec, spec.inputDim, 'onehot'), { uBar: task.uBar, vBar: task.vBar, x: identity(n1), noise: task.noise, inputKind: 'identity', inputScale: 1 });
  const q = haarOrthogonal(n1, rng.fork('rotation'));
  const rotated = impl.assemble(claimTaskSpec(spec, spec.inputDim, 'orthogonal'), { uBar: task.uBar, vBar: task.vBar, x: q, noise: matmul(task.noise, q), inputKind: 'identity', inputScale: 1 });
  const a = record(oneHot, student, training, initial);
  const b = record(rotated, student, training, initial);
  return twoSided(mapGap(a.maps, b.maps, 1, spec.initScale), 0, TOL, 'max_k ‖W_k(one-hot, Z) − W_k(orthogonal X, ZX)‖ / ‖W_k‖');
}

/** (c) Re-labelling hidden units: W^l → R_l W^l R_{l−1}ᵀ with orthogonal (or permutation) R_l leaves W(t) unchanged. */
function checkRelabelling(spec: C18Spec, impl: C18Impl): Outcome {
  const { rng, student, training, initial, record, task } = setup(spec, impl);
  const rotations = spec.hiddenDims.map((h, i) => (spec.permute ? permutation(h, rng.fork(`perm${i}`)) : haarOrthogonal(h, rng.fork(`rot${i}`))));
  const relabelled = initial.map((w, l) => {
    const left = l < rotations.length ? rotations[l] : identity(w.rows);
    const right = l > 0 ? rotations[l - 1] : identity(w.cols);
    return matmul(matmul(left, w), right, { transB: true });
  });
  const a = record(task, student, training, initial);
  const b = record(task, student, training, relabelled);
  return twoSided(mapGap(a.maps, b.maps, 1, spec.initScale), 0, TOL, 'max_k ‖W_k(relabelled hidden units) − W_k‖ / ‖W_k‖');
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

const real: C18Impl = {
  train(task, student, training, initial, observe) {
    trainStudent(task, student, training, createRng(0), { initialLayers: initial, observe });
  },
  assemble: assembleTask,
};

/** GD whose per-entry update is clipped to ±1e-5, as in common "gradient clipping": not homogeneous in the scale c. */
const clipped: PlantedBug<C18Impl> = {
  name: 'gradient clipping',
  description: 'clips every entry of λ·gradient to ±1e-5',
  implementation: {
    ...real,
    train(task, student, training, initial, observe) {
      trainWithStep(task, initial, student.update, training, (layers, s31, s11, lr, update) => {
        const next = gdStepReference(layers, s31, s11, lr, update);
        return next.map((n, l) => {
          const out = clone(layers[l]);
          for (let i = 0; i < out.data.length; i++) out.data[i] += Math.max(-1e-5, Math.min(1e-5, n.data[i] - layers[l].data[i]));
          return out;
        });
      }, observe);
    },
  },
};

/** An off-by-one in the update loop: the first hidden unit's incoming weights are never updated. */
const firstUnitFrozen: PlantedBug<C18Impl> = {
  name: 'first hidden unit frozen',
  description: 'an off-by-one that skips row 0 of W^1 in the update',
  implementation: {
    ...real,
    train(task, student, training, initial, observe) {
      trainWithStep(task, initial, student.update, training, (layers, s31, s11, lr, update) => {
        const next = gdStepReference(layers, s31, s11, lr, update);
        for (let j = 0; j < layers[0].cols; j++) next[0].data[j] = layers[0].data[j];
        return next;
      }, observe);
    },
  },
};

/** Σ31 taken as Ŷ, as if the inputs were always one-hot. */
const sigma31IsY: PlantedBug<C18Impl> = {
  name: 'Σ31 = Ŷ',
  description: 'builds Σ31 as Ŷ (forgets the Xᵀ factor), which is right only for one-hot inputs',
  implementation: {
    ...real,
    assemble: (spec, parts) => assembleTask({ ...spec, inputs: 'onehot' }, parts),
  },
};

const common = {
  reference: '§9.7, §9.8; §11 C18',
  kind: 'exact' as const,
  falseFailure: { perInstance: 0, source: 'exact identities; 1e-10 covers float64 rounding (observed ≤ 1e-13)' },
  instances: { ci: 100, thorough: 400 },
  arbitrary,
  implementation: real,
};

/** C18(a) scale invariance (exact). */
export const c18aScaleInvariance: Claim<C18Spec, C18Impl> = {
  ...common,
  id: 'C18a',
  name: 'scale invariance of the GD trajectory',
  statement:
    'Scaling teacher and noise by c, each layer of the initialisation by c^(1/D_w) and the learning rate by c^(−(2−2/D_w)) maps the discrete GD ' +
    'trajectory to W_k → c·W_k at the same step k; normalised errors are unchanged.',
  check: checkScale,
  plantedBugs: [clipped],
};

/** C18(b) input rotation (exact). */
export const c18bInputRotation: Claim<C18Spec, C18Impl> = {
  ...common,
  id: 'C18b',
  name: 'one-hot and rotated orthogonal inputs train identically',
  statement:
    'One-hot inputs X = I with noise Z and orthogonal inputs X = Q with noise ZQ give the same Σ31 and Σ11, hence identical trajectories ' +
    'from identical initial weights: for P = N1 the choice of orthogonal inputs does not matter.',
  check: checkInputRotation,
  plantedBugs: [sigma31IsY],
};

/** C18(c) hidden-unit relabelling (exact). */
export const c18cHiddenRelabelling: Claim<C18Spec, C18Impl> = {
  ...common,
  id: 'C18c',
  name: 'rotating or permuting hidden units leaves W(t) unchanged',
  statement:
    'Applying an orthogonal matrix (or a permutation) R_l to hidden layer l, consistently to the adjacent weight matrices ' +
    '(W^l → R_l W^l R_{l−1}ᵀ), leaves the end-to-end map W(t) unchanged at every step of GD.',
  check: checkRelabelling,
  plantedBugs: [firstUnitFrozen],
};
