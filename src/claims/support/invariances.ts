import fc from 'fast-check';
import { arbDims } from '../../arbitraries/dims.js';
import { arbFraction, arbLogUniform, arbSeed, arbUniform, fractionToInt } from '../../arbitraries/primitives.js';
import type { InitKind, UpdateOrder } from '../../config/simulationConfig.js';
import { clone, scale, type Mat } from '../../linalg/mat.js';
import { frobenius, frobeniusDistSq } from '../../linalg/norms.js';
import { initStudent } from '../../network/init.js';
import type { Layers, StudentSpec, TrainingSpec } from '../../network/student.js';
import { trainStudent } from '../../network/train.js';
import type { Observer } from '../../network/trainer.js';
import { createRng } from '../../random/rng.js';
import { assembleTask } from '../../task/buildTask.js';
import type { Task } from '../../task/task.js';
import type { Scale } from '../claim.js';
import { trainWithStep, type EpochStep } from './steppedTraining.js';
import { shortRun } from './shortRun.js';
import { orthogonalTask } from './tasks.js';

/** An instance of the invariance claims C18(a)–(c): a task, a student, a run, and the transformation to apply (scale c, rotations from `seed`). */
export interface InvarianceSpec {
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

/** What the invariance claims C18(a)–(c) exercise: the trainer, and the assembly of Σ11, Σ31 from X and Ŷ. */
export interface InvarianceImpl {
  train(task: Task, student: StudentSpec, training: TrainingSpec, initial: Layers, observe: Observer): void;
  assemble: typeof assembleTask;
}

/** Tolerance of C18(a)–(c): the identities are exact; 1e-10 covers float64 rounding (observed ≤ 1e-13). */
export const C18_TOL = 1e-10;

/** The instances of C18(a)–(c): a task (P = N1, orthogonal X), a student of depth 2–4, a short GD run, and the transformation (§9.7, §9.8). */
export function arbInvarianceSpec(scale: Scale): fc.Arbitrary<InvarianceSpec> {
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

/** The task, student, run and initial layers of an instance, and a recorder of the trajectory of maps and test errors through `impl` (§2). */
export function invarianceRun(spec: InvarianceSpec, impl: InvarianceImpl) {
  const rng = createRng(spec.seed);
  const task = orthogonalTask(spec, spec.inputDim, rng);
  const { depth, student, training } = shortRun(spec, task, spec.steps);
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
export function mapGap(a: readonly Mat[], b: readonly Mat[], factor: number, eps: number): number {
  let worst = 0;
  a.forEach((m, i) => {
    const d = Math.sqrt(frobeniusDistSq(scale(m, factor), b[i])) / Math.max(factor * frobenius(m), factor * eps);
    worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
  });
  return worst;
}

/** The product's trainer from given initial layers, and the product's task assembly (§2, §1). */
export const realInvarianceImpl: InvarianceImpl = {
  train(task, student, training, initial, observe) {
    trainStudent(task, student, training, createRng(0), { initialLayers: initial, observe });
  },
  assemble: assembleTask,
};

/** The product's task assembly with a trainer that runs `step` as its epoch (planted bugs inside GD, §2). */
export function invarianceImplWithStep(step: EpochStep): InvarianceImpl {
  return {
    ...realInvarianceImpl,
    train(task, student, training, initial, observe) {
      trainWithStep(task, initial, student.update, training, step, observe);
    },
  };
}
