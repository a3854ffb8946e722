/**
 * R1: the product's task builder draws the noise independently of the teacher and of the inputs
 * (§1 (1.3), Appendix R1). Every claim about tasks trusts this: a noise matrix that leaks the teacher's
 * directions biases ŝ, the overlaps and every error curve, yet exact per-instance identities cannot see
 * where the noise came from. The check is statistical (the exact laws of ‖ŪᵀZ‖², ‖ZXᵀV̄‖² and
 * ⟨Z, W̄X⟩ over independent runs, support/noiseIndependence.ts) and structural (the run's streams
 * teacher, inputs, noise and init each feed one part, below distinct fork names; support/streamAudit.ts).
 */
import fc from 'fast-check';
import type { InputKind } from '../config/simulationConfig.js';
import { arbFraction, arbLogUniform, arbSeed, fractionToInt } from '../arbitraries/primitives.js';
import type { Mat } from '../linalg/mat.js';
import { svd } from '../linalg/svd.js';
import { runRng } from '../network/simulate.js';
import type { StudentSpec } from '../network/student.js';
import { trainStudent } from '../network/train.js';
import { normals, type Rng } from '../random/rng.js';
import { assembleTask, buildTask, drawTaskParts } from '../task/buildTask.js';
import type { TaskData, TaskSpec } from '../task/task.js';
import { atMost, worstOf, type Claim, type Outcome, type PlantedBug, type Scale } from './claim.js';
import { NOISE_INDEPENDENCE_FALSE_FAILURE, noiseIndependence } from './support/noiseIndependence.js';
import { auditStreams } from './support/streamAudit.js';

/** An R1 instance: a task spec of any input kind and P, a student's hidden widths (for the init stream), and the seed of the runs. */
export interface R1Spec extends TaskSpec {
  readonly hiddenDims: readonly number[];
  readonly seed: number;
}

/** Independent runs (streams `<seed>/run0`, `run1`, …) whose statistics are summed per instance. */
export const R1_DRAWS = 24;

function arbitrary(scale: Scale): fc.Arbitrary<R1Spec> {
  const maxDim = scale === 'ci' ? 30 : 120;
  return fc
    .record({
      inputs: fc.constantFrom<InputKind>('onehot', 'orthogonal', 'gaussian'),
      regime: fc.constantFrom('fewer', 'equal', 'more'),
      n1: fc.integer({ min: 4, max: maxDim }),
      n3: arbFraction(),
      p: arbFraction(),
      rank: fc.integer({ min: 1, max: 3 }),
      sBar: fc.array(arbLogUniform(0.3, 10), { minLength: 3, maxLength: 3 }),
      noiseStd: arbLogUniform(0.1, 5),
      width: fc.integer({ min: 1, max: 8 }),
      depth: fc.integer({ min: 1, max: 2 }),
      seed: arbSeed(),
    })
    .map((d) => {
      const n3 = fractionToInt(d.n3, 1, maxDim);
      const examples =
        d.inputs === 'onehot' || d.regime === 'equal'
          ? d.n1
          : d.regime === 'fewer'
            ? fractionToInt(d.p, 1, d.n1 - 1)
            : fractionToInt(d.p, d.n1 + 1, 3 * d.n1);
      const rank = Math.min(d.rank, d.n1, n3);
      return {
        inputDim: d.n1,
        outputDim: n3,
        examples,
        inputs: d.inputs,
        teacherSingularValues: d.sBar.slice(0, rank).sort((a, b) => b - a),
        noiseStd: d.noiseStd,
        hiddenDims: Array<number>(d.depth).fill(d.width),
        seed: d.seed,
      };
    });
}

function check(spec: R1Spec, impl: R1Impl): Outcome {
  const { hiddenDims, seed, ...task } = spec;
  const draws: TaskData[] = [];
  for (let r = 0; r < R1_DRAWS; r++) draws.push(impl.buildTask(task, runRng(seed, r)));
  const student: StudentSpec = { hiddenDims, init: 'random', initScale: 1, update: 'sequential' };
  const audit = auditStreams(runRng(seed, 0), (rng) => {
    const t = impl.buildTask(task, rng);
    const trainable = { ...t, svd31: svd(t.sigma31) };
    let w0 = new Float64Array(0);
    trainStudent(trainable, student, { learningRate: 1e-3, epochs: 0, reportEvery: 1 }, rng, {
      inputReduction: 'off',
      observe: (epoch, _layers, w) => {
        if (epoch === 0) w0 = Float64Array.from(w.data);
      },
    });
    return { teacher: [t.uBar.data, t.vBar.data], inputs: [t.x.data], noise: [t.noise.data], init: [w0] };
  });
  const streams = Object.entries(audit.dependsOn)
    .map(([part, paths]) => `${part} ← ${paths.join(', ') || 'none'}`)
    .join('; ');
  return worstOf([
    ...noiseIndependence(draws, spec.noiseStd, spec.inputDim),
    atMost(
      audit.violations.length,
      0,
      0,
      `stream layout of run 0 (${spec.inputs} inputs, P=${spec.examples}): ${audit.violations.join('; ') || streams}`,
    ),
  ]);
}

/** What R1 exercises: the product's task builder (in its cheap mode: the SVD of Σ31 plays no part here). */
export interface R1Impl {
  readonly buildTask: (spec: TaskSpec, rng: Rng) => TaskData;
}

const implementation: R1Impl = { buildTask: (spec, rng) => buildTask(spec, rng, { svd: false }) };

/** The builder with its noise replaced by `noise(spec, rng, parts)`: the drawn parts otherwise unchanged. */
function withNoise(noise: (spec: TaskSpec, rng: Rng, teacherNorm: number) => Float64Array): R1Impl {
  return {
    buildTask: (spec, rng) => {
      const parts = drawTaskParts(spec, rng);
      const norm = Math.hypot(...spec.teacherSingularValues);
      const z: Mat = { rows: spec.outputDim, cols: spec.examples, data: noise(spec, rng, norm) };
      return assembleTask(spec, { ...parts, noise: z }, { svd: false });
    },
  };
}

const plantedBugs: readonly PlantedBug<R1Impl>[] = [
  {
    name: "noise from the teacher's stream",
    description: "Z drawn from the stream of V̄ (rng.fork('teacher').fork('v')) instead of its own stream 'noise'",
    implementation: withNoise((s, rng) =>
      normals(rng.fork('teacher').fork('v'), s.outputDim * s.examples, s.noiseStd / Math.sqrt(s.inputDim)),
    ),
  },
  {
    name: 'noise scaled by the teacher norm',
    description: 'Z entries N(0, ‖W̄‖²σ_z²/N1): the noise level tied to the teacher instead of fixed by σ_z',
    implementation: withNoise((s, rng, norm) =>
      normals(rng.fork('noise'), s.outputDim * s.examples, (norm * s.noiseStd) / Math.sqrt(s.inputDim)),
    ),
  },
  {
    name: 'inputs reused as noise',
    description: "Z drawn from the inputs' stream, so it repeats the Gaussian draws behind X",
    implementation: withNoise((s, rng) =>
      normals(rng.fork('inputs'), s.outputDim * s.examples, s.noiseStd / Math.sqrt(s.inputDim)),
    ),
  },
];

/** R1: the task builder's noise is independent of teacher and inputs (statistical and structural). */
export const r01TaskBuilder: Claim<R1Spec, R1Impl> = {
  id: 'R1',
  name: "the task builder's noise is independent of teacher and inputs",
  statement:
    'For every input kind (one-hot, orthogonal with P < N1, P = N1, P > N1, Gaussian), summed over 24 independent runs of buildTask: ' +
    '‖ŪᵀZ‖² is a σ_z²/N1·χ²_{rP} sum (mean r·P·σ_z²/N1 per run), ‖ZXᵀV̄‖² a weighted χ² sum with mean N3·σ_z²/N1·tr(V̄ᵀΣ11V̄) ' +
    '(N3·r·σ_z²/N1 for Σ11 = I, N3·r·σ_z²·P/N1² on average otherwise), both within their Laurent–Massart bands, and the correlation of vec Z ' +
    'with vec W̄X within 6.5 sd of its exact Gaussian law; and structurally, the streams teacher, inputs, noise and init of a run each feed ' +
    'exactly one part and lie below distinct fork names.',
  reference: '§1 (1.1)–(1.4); §0.3; Appendix R1',
  kind: 'statistical',
  falseFailure: {
    perInstance: NOISE_INDEPENDENCE_FALSE_FAILURE,
    source:
      'derived: given Ū, V̄, X the three statistics have exact laws when Z is independent N(0, σ_z²/N1) (weighted χ² sums and a Gaussian); ' +
      'Laurent–Massart (2000) bounds each χ² tail by e^-23 = 1.0e-10 (four tails), the Gaussian band at 6.5 sd fails 8.0e-11; 4.9e-10 in all. ' +
      'The stream audit is exact (0). Assumes Alea + Box–Muller normals are i.i.d. N(0, 1)',
  },
  instances: { ci: 100, thorough: 500 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
