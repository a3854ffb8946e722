/**
 * R7: the transfer task-pair builder draws the joint noise independently of both teachers and of the
 * inputs (§8.1, Appendix R7), as R1 checks for the single-task builder: the same exact laws of ‖ŪᵀZ‖²,
 * ‖ZXᵀV̄‖² and ⟨Z, W̄X⟩ for the joint task [W̄_A; W̄_B] (support/noiseIndependence.ts), and the same stream
 * audit for a transfer run: teacher, inputs and noise from the pair builder, the three students'
 * initialisations from `trainPairRun` (support/streamAudit.ts).
 */
import fc from 'fast-check';
import { arbFraction, fractionToInt } from '../arbitraries/primitives.js';
import { arbTaskPair } from '../arbitraries/taskPair.js';
import type { Mat } from '../linalg/mat.js';
import { runRng } from '../network/simulate.js';
import type { StudentSpec } from '../network/student.js';
import { normals, type Rng } from '../random/rng.js';
import {
  assembleTaskPair,
  drawTaskPair,
  drawTaskPairParts,
  type TaskPair,
  type TaskPairSpec,
} from '../transfer/taskPair.js';
import { trainPairRun } from '../transfer/trainPairRun.js';
import { atMost, worstOf, type Claim, type Outcome, type PlantedBug, type Scale } from './claim.js';
import { NOISE_INDEPENDENCE_FALSE_FAILURE, noiseIndependence } from './support/noiseIndependence.js';
import { auditStreams } from './support/streamAudit.js';

/** An R7 instance: a pair spec with P = N1 (one-hot), P < N1 or P > N1 (Haar orthonormal), a hidden width, and the seed of the runs. */
export interface R7Spec extends TaskPairSpec {
  readonly hiddenWidth: number;
  readonly seed: number;
}

/** Independent runs summed per instance. */
export const R7_DRAWS = 16;

function arbitrary(scale: Scale): fc.Arbitrary<R7Spec> {
  const pairs = arbTaskPair({
    inputDim: [4, scale === 'ci' ? 16 : 100],
    outputDim: [1, scale === 'ci' ? 6 : 40],
    maxRank: 2,
    snr: [0.3, 10],
    noiseStd: [0.1, 5],
  });
  return fc
    .record({
      pair: pairs,
      regime: fc.constantFrom('fewer', 'equal', 'more'),
      p: arbFraction(),
      hiddenWidth: fc.integer({ min: 1, max: 4 }),
    })
    .map(({ pair, regime, p, hiddenWidth }) => {
      const n1 = pair.inputDim;
      const examples =
        regime === 'equal' ? n1 : regime === 'fewer' ? fractionToInt(p, 1, n1 - 1) : fractionToInt(p, n1 + 1, 3 * n1);
      return { ...pair, examples, hiddenWidth };
    });
}

function check(spec: R7Spec, impl: R7Impl): Outcome {
  const { hiddenWidth, seed, ...pairSpec } = spec;
  const joints = [];
  for (let r = 0; r < R7_DRAWS; r++) joints.push(impl.drawTaskPair(pairSpec, runRng(seed, r)).joint);
  const student: StudentSpec = { hiddenDims: [hiddenWidth], init: 'random', initScale: 1, update: 'sequential' };
  const audit = auditStreams(runRng(seed, 0), (rng) => {
    const pair = impl.drawTaskPair(pairSpec, rng);
    const init: Float64Array[] = [];
    trainPairRun(pair, student, { learningRate: 1e-3, epochs: 0, reportEvery: 1 }, rng, {
      observe: (_who, epoch, w) => {
        if (epoch === 0) init.push(Float64Array.from(w.data));
      },
    });
    const { uBarA, uBarB, basis, x, noise } = pair.parts;
    return { teacher: [uBarA.data, uBarB.data, basis.data], inputs: [x.data], noise: [noise.data], init };
  });
  const streams = Object.entries(audit.dependsOn)
    .map(([part, paths]) => `${part} ← ${paths.join(', ') || 'none'}`)
    .join('; ');
  return worstOf([
    ...noiseIndependence(joints, spec.noiseStd, spec.inputDim),
    atMost(
      audit.violations.length,
      0,
      0,
      `stream layout of transfer run 0 (P=${spec.examples}, N1=${spec.inputDim}): ${audit.violations.join('; ') || streams}`,
    ),
  ]);
}

/** What R7 exercises: the transfer task-pair builder. */
export interface R7Impl {
  readonly drawTaskPair: (spec: TaskPairSpec, rng: Rng) => TaskPair;
}

const implementation: R7Impl = { drawTaskPair };

/** The pair builder with its joint noise replaced by `noise(spec, rng, joint teacher norm)`, the other parts unchanged. */
function withNoise(noise: (spec: TaskPairSpec, rng: Rng, rows: number, teacherNorm: number) => Float64Array): R7Impl {
  return {
    drawTaskPair: (spec, rng) => {
      const parts = drawTaskPairParts(spec, rng);
      const rows = spec.outputDimA + spec.outputDimB;
      const norm = Math.hypot(...spec.singularValuesA, ...spec.singularValuesB);
      const z: Mat = { rows, cols: spec.examples, data: noise(spec, rng, rows, norm) };
      return assembleTaskPair(spec, { ...parts, noise: z });
    },
  };
}

const plantedBugs: readonly PlantedBug<R7Impl>[] = [
  {
    name: "noise from the teacher's stream",
    description:
      "the joint noise drawn from the stream of the feature basis (rng.fork('teacher').fork('v')) instead of 'noise'",
    implementation: withNoise((s, rng, rows) =>
      normals(rng.fork('teacher').fork('v'), rows * s.examples, s.noiseStd / Math.sqrt(s.inputDim)),
    ),
  },
  {
    name: 'noise scaled by the teacher norm',
    description: 'joint noise entries N(0, ‖[W̄_A; W̄_B]‖²σ_z²/N1) instead of N(0, σ_z²/N1)',
    implementation: withNoise((s, rng, rows, norm) =>
      normals(rng.fork('noise'), rows * s.examples, (norm * s.noiseStd) / Math.sqrt(s.inputDim)),
    ),
  },
  {
    name: 'inputs reused as noise',
    description: "the joint noise drawn from the inputs' stream, repeating the Gaussian draws behind X",
    implementation: withNoise((s, rng, rows) =>
      normals(rng.fork('inputs'), rows * s.examples, s.noiseStd / Math.sqrt(s.inputDim)),
    ),
  },
];

/** R7: the task-pair builder's joint noise is independent of both teachers and the inputs (statistical and structural). */
export const r07TaskPairBuilder: Claim<R7Spec, R7Impl> = {
  id: 'R7',
  name: "the task-pair builder's noise is independent of teachers and inputs",
  statement:
    'For transfer pairs with P = N1 (one-hot), P < N1 and P > N1 (Haar orthonormal inputs), any ranks ≤ 2 and alignments, summed over 16 independent ' +
    "runs of drawTaskPair, the joint task satisfies R1's exact laws: ‖ŪᵀZ‖² and ‖ZXᵀV̄‖² within their Laurent–Massart bands around r·P·σ_z²/N1 and " +
    'N3·σ_z²/N1·tr(V̄ᵀΣ11V̄), the correlation of vec Z with vec W̄X within 6.5 sd; and in a transfer run the streams of the teachers, inputs, ' +
    "noise and the three students' initialisations each feed one part, below distinct fork names.",
  reference: '§8.1; §1 (1.3); Appendix R7',
  kind: 'statistical',
  falseFailure: {
    perInstance: NOISE_INDEPENDENCE_FALSE_FAILURE,
    source:
      'derived as for R1: exact weighted χ² and Gaussian laws given the teachers and X; four Laurent–Massart tails at e^-23 and a 6.5 sd Gaussian band, ' +
      '4.9e-10 per instance; the stream audit is exact',
  },
  instances: { ci: 100, thorough: 300 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
