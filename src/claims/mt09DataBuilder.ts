/**
 * MT9 (MULTITASK.md §1; the builder claim of the multitask data, on the R1/R7 pattern): the argmax data
 * builder draws what the protocol says. Without logit noise and flips every label of both tasks, train
 * and test, is argmax_c (M x)_c of its teacher; task B has its own inputs unless the samples are shared;
 * `cleanValidation` takes the logit noise off the test labels only; flips replace a label by a uniform
 * class with probability f, so a fraction f(C − 1)/C of the labels changes (Hoeffding band); and one
 * seed's teachers, inputs and initial weights each come from their own stream (stream audit).
 */
import fc from 'fast-check';
import { arbSeed, arbUniform } from '../arbitraries/primitives.js';
import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import { resolveMultitaskConfig } from '../multitask/config.js';
import { drawMultitaskData, gaussianInputs, type DataSpec, type MultitaskData } from '../multitask/data.js';
import { drawSeedFrom } from '../multitask/protocol.js';
import { initialStudent } from '../multitask/student.js';
import { drawTeacherPair, type ArgmaxTeacher, type TeacherPair } from '../multitask/teacher.js';
import { createRng, type Rng } from '../random/rng.js';
import { atMost, worstOf, type Claim, type Outcome, type PlantedBug, type Scale } from './claim.js';
import { auditStreams } from './support/streamAudit.js';

/** An MT9 instance: sizes (rank r = C ≤ d/2), scale, flip probability, shared or separate samples, and the seed. */
export interface MT9Spec {
  readonly inputDim: number;
  readonly classes: number;
  readonly scale: number;
  readonly relatedness: number;
  readonly labelFlip: number;
  readonly sharedSamples: boolean;
  readonly trainExamples: number;
  readonly testExamples: number;
  readonly seed: number;
}

/** Examples per set of the exact checks (labels, shared or separate inputs, clean validation). */
export const MT9_EXACT_EXAMPLES = 150;

/** Per-instance false-failure probability of the flip-rate band: two-sided Hoeffding 2·exp(−2Nt²) = 1e-9. */
export const MT9_FALSE_FAILURE = 1e-9;

function arbitrary(scale: Scale): fc.Arbitrary<MT9Spec> {
  const ci = scale === 'ci';
  return fc
    .record({
      classes: fc.integer({ min: 2, max: ci ? 4 : 8 }),
      extraDim: fc.integer({ min: 0, max: ci ? 2 : 8 }),
      scale: arbUniform(0.2, 5),
      relatedness: arbUniform(0, 1),
      labelFlip: arbUniform(0.3, 0.9),
      sharedSamples: fc.boolean(),
      trainExamples: fc.integer({ min: ci ? 1500 : 4000, max: ci ? 2500 : 8000 }),
      testExamples: fc.integer({ min: ci ? 500 : 2000, max: ci ? 1000 : 4000 }),
      seed: arbSeed(),
    })
    .map(({ extraDim, ...s }) => ({ ...s, inputDim: 2 * s.classes + extraDim }));
}

/** argmax_c (M x)_c for every column of X. */
function cleanLabels(teacher: ArgmaxTeacher, x: Mat): Int32Array {
  const z = matmul(teacher.map, x);
  const out = new Int32Array(x.cols);
  for (let mu = 0; mu < x.cols; mu++) {
    let best = 0;
    for (let k = 1; k < z.rows; k++) if (z.data[k * x.cols + mu] > z.data[best * x.cols + mu]) best = k;
    out[mu] = best;
  }
  return out;
}

/** Labels of the four sets that differ from their teacher's noiseless argmax, and the number of labels. */
function mismatches(pair: TeacherPair, d: MultitaskData, sets: readonly (keyof MultitaskData)[]): [number, number] {
  let differ = 0;
  let total = 0;
  for (const name of sets) {
    const set = d[name];
    const clean = cleanLabels(name.endsWith('A') ? pair.a : pair.b, set.x);
    for (let mu = 0; mu < clean.length; mu++) if (clean[mu] !== set.labels[mu]) differ++;
    total += clean.length;
  }
  return [differ, total];
}

/** Entries of task B's inputs equal to task A's at the same position (train and test). */
function equalInputs(d: MultitaskData): number {
  let same = 0;
  for (const [a, b] of [
    [d.trainA.x, d.trainB.x],
    [d.testA.x, d.testB.x],
  ] as const)
    for (let i = 0; i < Math.min(a.data.length, b.data.length); i++) if (a.data[i] === b.data[i]) same++;
  return same;
}

const ALL: readonly (keyof MultitaskData)[] = ['trainA', 'testA', 'trainB', 'testB'];

function check(spec: MT9Spec, impl: MT9Impl): Outcome {
  const rng = createRng(spec.seed);
  const c = spec.classes;
  const pair = drawTeacherPair(
    {
      inputDim: spec.inputDim,
      classes: c,
      rank: c,
      scaleA: spec.scale,
      scaleB: spec.scale,
      relatedness: spec.relatedness,
    },
    rng.fork('teacher'),
  );
  // The exact checks need few examples (MT9_EXACT_EXAMPLES); the flip rate's band needs many.
  const data = (over: Partial<DataSpec>, name: string) =>
    impl.drawData(
      pair,
      {
        trainExamples: MT9_EXACT_EXAMPLES,
        auxExamples: MT9_EXACT_EXAMPLES,
        testExamples: MT9_EXACT_EXAMPLES,
        logitNoiseStd: 0,
        labelFlip: 0,
        cleanValidation: false,
        sharedSamples: spec.sharedSamples,
        ...over,
      },
      rng.fork(name),
    );
  const outcomes: Outcome[] = [];
  // Noiseless, unflipped: every label is the teacher's argmax; inputs shared exactly when asked.
  const clean = data({}, 'clean');
  outcomes.push(atMost(mismatches(pair, clean, ALL)[0], 0, 0, 'labels ≠ argmax(Mx) with σ = 0, f = 0 (both tasks)'));
  const same = equalInputs(clean);
  const n = spec.inputDim * 2 * MT9_EXACT_EXAMPLES;
  outcomes.push(
    spec.sharedSamples
      ? atMost(n - same, 0, 0, "entries of task B's inputs that differ from task A's (shared samples)")
      : atMost(same, 0, 0, "entries of task B's inputs equal to task A's (separate samples)"),
  );
  // Clean validation: logit noise σ = s on the training labels, none on the test labels.
  const validation = data({ logitNoiseStd: spec.scale, cleanValidation: true }, 'validation');
  outcomes.push(
    atMost(
      mismatches(pair, validation, ['testA', 'testB'])[0],
      0,
      0,
      'test labels ≠ argmax(Mx) with cleanValidation (σ = s on the training labels)',
    ),
  );
  // Flips: each label replaced with probability f by a uniform class, so a fraction f(C − 1)/C changes.
  const flipped = data(
    {
      labelFlip: spec.labelFlip,
      trainExamples: spec.trainExamples,
      auxExamples: spec.trainExamples,
      testExamples: spec.testExamples,
    },
    'flips',
  );
  const [differ, total] = mismatches(pair, flipped, ALL);
  const expected = (spec.labelFlip * (c - 1)) / c;
  const band = Math.sqrt(Math.log(2 / MT9_FALSE_FAILURE) / (2 * total));
  outcomes.push(
    atMost(
      Math.abs(differ / total - expected),
      0,
      band,
      `|changed fraction − f(C−1)/C| over ${total} labels (f = ${spec.labelFlip.toPrecision(3)}, C = ${c}), Hoeffding band`,
    ),
  );
  // Streams of one seed of a small run: teachers, inputs and initial weights each from their own fork.
  const config = resolveMultitaskConfig({
    inputDim: spec.inputDim,
    classes: c,
    rank: c,
    trainExamples: 6,
    auxExamples: 6,
    testExamples: 4,
    trunkLayers: 1,
    trunkWidth: 3,
    sharedSamples: spec.sharedSamples,
  });
  const audit = auditStreams(rng.fork('audit'), (stream) => {
    const seed = impl.drawSeed(config, stream);
    const d = seed.data;
    return {
      teachers: [seed.teachers.a.map.data, seed.teachers.b.map.data],
      inputs: [d.trainA.x.data, d.testA.x.data, d.trainB.x.data, d.testB.x.data],
      init: seed.init.layers.map((l) => l.data),
    };
  });
  outcomes.push(
    atMost(audit.violations.length, 0, 0, `stream layout of one seed: ${audit.violations.join('; ') || 'sound'}`),
  );
  return worstOf(outcomes);
}

/** What MT9 exercises: the data builder and the draws of one paired seed. */
export interface MT9Impl {
  readonly drawData: (pair: TeacherPair, spec: DataSpec, rng: Rng) => MultitaskData;
  readonly drawSeed: typeof drawSeedFrom;
}

const implementation: MT9Impl = { drawData: drawMultitaskData, drawSeed: drawSeedFrom };

const flipsToOthers: PlantedBug<MT9Impl> = {
  name: 'flips to the other C − 1 classes',
  description: 'a flipped label is drawn from the C − 1 other classes, so a fraction f (not f(C − 1)/C) changes',
  implementation: {
    ...implementation,
    drawData(pair, spec, rng) {
      const d = drawMultitaskData(pair, { ...spec, labelFlip: 0 }, rng);
      const flip = (set: MultitaskData['trainA'], name: string) => {
        const r = rng.fork(`otherFlips-${name}`);
        const c = pair.a.map.rows;
        const labels = Int32Array.from(set.labels);
        for (let mu = 0; mu < labels.length; mu++)
          if (r.uniform() < spec.labelFlip) labels[mu] = (labels[mu] + 1 + Math.floor(r.uniform() * (c - 1))) % c;
        return { ...set, labels };
      };
      return {
        trainA: flip(d.trainA, 'trainA'),
        testA: flip(d.testA, 'testA'),
        trainB: flip(d.trainB, 'trainB'),
        testB: flip(d.testB, 'testB'),
      };
    },
  },
};

const noisyValidation: PlantedBug<MT9Impl> = {
  name: 'cleanValidation ignored',
  description: 'the test labels keep the logit noise when cleanValidation is set',
  implementation: {
    ...implementation,
    drawData: (pair, spec, rng) => drawMultitaskData(pair, { ...spec, cleanValidation: false }, rng),
  },
};

const reusedInputs: PlantedBug<MT9Impl> = {
  name: "task B's inputs from task A's stream",
  description: "separate samples drawn for task B from task A's input streams, repeating task A's inputs",
  implementation: {
    ...implementation,
    drawData(pair, spec, rng) {
      const d = drawMultitaskData(pair, spec, rng);
      if (spec.sharedSamples) return d;
      const dim = pair.a.map.cols;
      const a = rng.fork('taskA');
      const xs = [
        gaussianInputs(dim, spec.auxExamples, a.fork('train').fork('inputs')),
        gaussianInputs(dim, spec.testExamples, a.fork('test').fork('inputs')),
      ];
      return { ...d, trainB: { ...d.trainB, x: xs[0] }, testB: { ...d.testB, x: xs[1] } };
    },
  },
};

const initFromData: PlantedBug<MT9Impl> = {
  name: 'init from the data stream',
  description: "the initial weights drawn from rng.fork('data').fork('init') instead of rng.fork('init')",
  implementation: {
    ...implementation,
    drawSeed(c, rng) {
      const seed = drawSeedFrom(c, rng);
      return { ...seed, init: initialStudent(c, rng.fork('data').fork('init')) };
    },
  },
};

/** MT9: the multitask data builder (statistical: flip rate; exact: labels, samples, clean validation, streams). */
export const mt09DataBuilder: Claim<MT9Spec, MT9Impl> = {
  id: 'MT9',
  name: 'the multitask data builder draws what the protocol says',
  statement:
    "For rank r = C ≤ d/2 argmax teachers of both tasks: with σ = 0 and f = 0 every train and test label equals argmax_c (Mx)_c of its task's teacher; task B's inputs equal task A's exactly when samples are shared and share no entry otherwise; with cleanValidation the test labels carry no logit noise (σ = s on the training labels); with flips f the fraction of changed labels is within the two-sided Hoeffding band (1e-9) of f(C − 1)/C; and one seed's teachers, inputs and initial weights each draw from their own stream.",
  reference: 'MULTITASK.md §1 (teacher, data, flips, clean validation); Appendix R1 pattern (stream audit)',
  kind: 'statistical',
  falseFailure: {
    perInstance: MT9_FALSE_FAILURE,
    source:
      'two-sided Hoeffding bound 2·exp(−2Nt²) = 1e-9 on the changed fraction of N independent labels (flips are independent of the inputs; σ = 0); the other checks are exact',
  },
  instances: { ci: 100, thorough: 400 },
  arbitrary,
  implementation,
  check,
  plantedBugs: [flipsToOthers, noisyValidation, reusedInputs, initFromData],
};
