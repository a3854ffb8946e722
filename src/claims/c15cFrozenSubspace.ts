/**
 * C15c: with orthonormal inputs and P < N1, gradient descent never moves the first layer on span(X)^⊥, for any
 * initialisation, depth and integrator (§4.5; exact).
 */
import fc from 'fast-check';
import { arbFraction, arbLogUniform, arbSeed, arbUniform, fractionToInt } from '../arbitraries/primitives.js';
import type { InitKind, Integrator, UpdateOrder } from '../config/simulationConfig.js';
import { matmul } from '../linalg/gemm.js';
import { identity, type Mat } from '../linalg/mat.js';
import { frobenius } from '../linalg/norms.js';
import { svd } from '../linalg/svd.js';
import { initStudent } from '../network/init.js';
import type { Layers, StudentSpec, TrainingSpec } from '../network/student.js';
import { trainStudent } from '../network/train.js';
import type { Observer } from '../network/trainer.js';
import { createRng, type Rng } from '../random/rng.js';
import type { Task } from '../task/task.js';
import { twoSided, worstOf, type Claim, type Outcome, type Scale, type PlantedBug } from './claim.js';
import { trainWithStep } from './support/steppedTraining.js';
import { gdStepReference } from '../network/gdStepReference.js';
import { shortRun } from './support/shortRun.js';
import { orthogonalTask } from './support/tasks.js';

/** A C15(c) instance: P < N1 orthonormal inputs, any initialisation, depth and update order, GD or the gradient flow. */
export interface C15cSpec {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly examples: number;
  readonly hiddenDims: readonly number[];
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
  readonly initScale: number;
  readonly init: InitKind;
  readonly update: UpdateOrder;
  readonly integrator: Integrator;
  readonly lrFactor: number;
  readonly epochs: number;
  readonly seed: number;
}

function arbitrary(scale: Scale): fc.Arbitrary<C15cSpec> {
  const maxN1 = scale === 'ci' ? 16 : 60;
  return fc
    .record({
      n1: fc.integer({ min: 3, max: maxN1 }),
      n3f: arbFraction(),
      pf: arbFraction(),
      depth: fc.integer({ min: 2, max: 4 }),
      widths: fc.array(arbFraction(), { minLength: 3, maxLength: 3 }),
      narrow: fc.boolean(),
      rank: fc.integer({ min: 1, max: 3 }),
      spectrum: fc.array(arbUniform(0.1, 8), { minLength: 3, maxLength: 3 }),
      noiseStd: arbLogUniform(0.1, 2),
      initScale: arbLogUniform(1e-8, 1e-1),
      init: fc.constantFrom<InitKind>('random', 'aligned'),
      update: fc.constantFrom<UpdateOrder>('sequential', 'simultaneous'),
      integrator: fc.constantFrom<Integrator>('gd', 'gd', 'gd', 'flow'),
      lrFactor: arbUniform(0.1, 1),
      epochs: fc.integer({ min: 1, max: scale === 'ci' ? 600 : 5000 }),
      seed: arbSeed(),
    })
    .map((d) => {
      const n1 = d.n1;
      const n3 = fractionToInt(d.n3f, 1, 2 * n1);
      const p = fractionToInt(d.pf, 1, n1 - 1);
      const rank = Math.min(d.rank, n3, p);
      // Aligned students with N2 ≤ min(N3, P) in half the draws (where W(t)(I − Σ11) = 0 is claimed).
      const cap = d.narrow ? Math.min(n3, p) : n1 + n3;
      return {
        inputDim: n1,
        outputDim: n3,
        examples: p,
        hiddenDims: d.widths.slice(0, d.depth - 1).map((f) => fractionToInt(f, 1, cap)),
        teacherSingularValues: d.spectrum.slice(0, rank).sort((a, b) => b - a),
        noiseStd: d.noiseStd,
        initScale: d.initScale,
        init: d.init,
        update: d.update,
        integrator: d.integrator,
        lrFactor: d.lrFactor,
        epochs: d.epochs,
        seed: d.seed,
      };
    });
}

const C15C_TOL = 1e-10;

function check(spec: C15cSpec, impl: C15cImpl): Outcome {
  const rng = createRng(spec.seed);
  const task = orthogonalTask(spec, spec.examples, rng);
  const run = shortRun(spec, task, spec.epochs);
  const { student } = run;
  const training: TrainingSpec = { ...run.training, integrator: spec.integrator };
  // I − Σ11: the projector onto span(X)^⊥ (Σ11 = XXᵀ with XᵀX = I_P).
  const n1 = spec.inputDim;
  const perp: Mat = identity(n1);
  for (let i = 0; i < n1 * n1; i++) perp.data[i] -= task.sigma11.data[i];
  const alignedNarrow =
    spec.init === 'aligned' && Math.min(...spec.hiddenDims) <= Math.min(spec.outputDim, spec.examples);
  let first: Mat | undefined;
  let firstNorm = 0;
  let frozenDrift = 0;
  let frozenMap = 0;
  let whereDrift = '';
  let whereMap = '';
  impl.train(task, student, training, rng.fork('train'), (epoch, layers, w) => {
    const w1 = layers[0];
    if (!first) {
      first = { rows: w1.rows, cols: w1.cols, data: new Float64Array(w1.data) };
      firstNorm = frobenius(first);
    }
    const diff: Mat = { rows: w1.rows, cols: w1.cols, data: w1.data.map((x, i) => x - first!.data[i]) };
    // Relative to the layer's own scale max(‖W¹(0)‖, ‖W¹(t)‖): every step leaks O(u·λ‖W^{>1}‖‖E‖) of float64 rounding into
    // span(X)^⊥, which exceeds 1e-10‖W¹(0)‖ for small ε and long runs (fixtures/counterexamples/C15c-rounding-small-init.json).
    const drift = frobenius(matmul(diff, perp)) / Math.max(firstNorm, frobenius(w1));
    if (!(drift <= frozenDrift)) {
      frozenDrift = drift;
      whereDrift = `epoch ${epoch}`;
    }
    if (alignedNarrow) {
      const m = frobenius(matmul(w, perp)) / Math.max(1, frobenius(w));
      if (!(m <= frozenMap)) {
        frozenMap = m;
        whereMap = `epoch ${epoch}`;
      }
    }
  });
  const outcomes = [
    twoSided(frozenDrift, 0, C15C_TOL, `‖(W¹(t) − W¹(0))(I − Σ11)‖/max(‖W¹(0)‖, ‖W¹(t)‖), worst at ${whereDrift}`),
  ];
  if (alignedNarrow)
    outcomes.push(
      twoSided(
        frozenMap,
        0,
        C15C_TOL,
        `aligned, N2 ≤ min(N3, P): ‖W(t)(I − Σ11)‖/max(1, ‖W(t)‖), worst at ${whereMap}`,
      ),
    );
  return worstOf(outcomes);
}

/** What C15(c) exercises: a trainer (initialisation included) that shows the layers at the recorded epochs. */
export interface C15cImpl {
  train(task: Task, student: StudentSpec, training: TrainingSpec, rng: Rng, observe: Observer): void;
}

const realTrainC15c: C15cImpl['train'] = (task, student, training, rng, observe) => {
  trainStudent(task, student, training, rng, { observe });
};

/** Bug: E = Σ31 − W (Σ11 dropped), which pulls W toward Σ31 also outside span(X). */
const identitySigma11: C15cImpl = {
  train(task, student, training, rng, observe) {
    const n = task.sigma11.rows;
    trainWithStep(
      task,
      initStudent(task, student, rng.fork('init')),
      student.update,
      { ...training, integrator: 'gd' },
      (l, s31, _s11, lr, u) => gdStepReference(l, s31, identity(n), lr, u),
      observe,
    );
  },
};

/** Bug: aligned initialisation taken from the teacher's singular vectors Ū, V̄ instead of the data's (§12 A1). */
const teacherAligned: C15cImpl = {
  train(task, student, training, rng, observe) {
    const oracle = { ...task, svd31: svd(task.teacher) } as Task;
    const layers: Layers = initStudent(oracle, student, rng.fork('init'));
    trainStudent(task, student, training, rng, { observe, initialLayers: layers });
  },
};

const implementation: C15cImpl = { train: realTrainC15c };

const plantedBugs: readonly PlantedBug<C15cImpl>[] = [
  {
    name: 'missing Σ11',
    description: 'uses E = Σ31 − W instead of Σ31 − WΣ11, which also moves W outside span(X)',
    implementation: identitySigma11,
  },
  {
    name: 'teacher-aligned init',
    description:
      'aligns the student with the teacher Ū, V̄ instead of the data Û, V̂ (§12 A1): W(0) acts outside span(X)',
    implementation: teacherAligned,
  },
];

/** C15(c): the first layer never changes on span(X)^⊥ (exact, any initialisation, depth and integrator). */
export const c15cFrozenSubspace: Claim<C15cSpec, C15cImpl> = {
  id: 'C15c',
  name: 'frozen subspace for P < N1 (simulation)',
  statement:
    'With orthonormal inputs and P < N1, for any initialisation (random or aligned), depth D_w ∈ {2, 3, 4}, update order and integrator (GD or the gradient flow): ' +
    '‖(W¹(t) − W¹(0))(I − Σ11)‖_F ≤ 1e-10·max(‖W¹(0)‖_F, ‖W¹(t)‖_F) at every recorded epoch (input directions outside span(X) receive no gradient); ' +
    'with aligned initialisation and N2 ≤ min(N3, P) also ‖W(t)(I − Σ11)‖_F ≤ 1e-10·max(1, ‖W(t)‖_F) (the map never acts outside span(X)). THEORY’s bound relative to ‖W¹(0)‖ alone is false ' +
    'for small ε and long runs: every step leaks float64 rounding (u·λ‖W^{>1}‖‖E‖) into span(X)^⊥, e.g. ε = 1e-8, D_w = 2, 5000 steps: 1.5e-10‖W¹(0)‖; 20000 steps: 5.6e-10; ε = 1e-12: 5e-8 ' +
    '(fixtures/counterexamples/C15c-rounding-small-init.json); relative to max(‖W¹(0)‖, ‖W¹(t)‖) the same runs give ≤ 4.5e-14.',
  reference: '§4.5 (frozen subspace), §1 inputs for P ≠ N1; §11 C15',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source:
      'exact identity (the gradient of W¹ is (W^{>1})ᵀ(Ŷ − WX)Xᵀ); 1e-10 of the layer’s own scale covers float64 rounding (no failure on 10⁴ CI and 200 thorough instances, worst 5e-4 of the bound; long runs with ε = 1e-8…1e-12, 2×10⁴ steps: ≤ 4.5e-4 of the bound)',
  },
  instances: { ci: 100, thorough: 500 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
