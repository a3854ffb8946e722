/**
 * MT1 (MULTITASK.md §3.1, §5): the gradient of mean cross-entropy with respect to the logits,
 * (softmax(Z) − Y)/P, has zero column sums, so under GD every head's 𝟙ᵀW^{D_w} and Σ_c b_c are
 * conserved for any student; a step on one head's loss leaves the other head untouched; loss and
 * predictions are invariant under adding the same c to every logit. Checked on random softmax students
 * (depth 1–4, linear/ReLU/leaky-ReLU trunks, one or two heads, with or without biases) trained by the
 * engine's GD.
 */
import fc from 'fast-check';
import { arbLogUniform, arbSeed } from '../arbitraries/primitives.js';
import { haarBlock } from '../linalg/haar.js';
import type { Mat } from '../linalg/mat.js';
import { headLogits, perExample } from '../multitask/evaluate.js';
import { oneHot } from '../multitask/protocol.js';
import { layerShapes, type Activation, type HeadData, type ModelSpec, type ModelWeights } from '../network/model.js';
import { modelLoss, referenceStep, type ReferenceStepOptions } from '../network/reference.js';
import { trainModel } from '../network/trainModel.js';
import { createRng, normals } from '../random/rng.js';
import { atMost, twoSided, worstOf, type Claim, type Outcome, type PlantedBug, type Scale } from './claim.js';

/** An MT1 instance: a softmax student (any depth, activations, one or two heads, biases or not), data, GD steps and a logit shift. */
export interface MT1Spec {
  readonly inputDim: number;
  readonly hiddenDims: readonly number[];
  readonly activations: readonly Activation['kind'][];
  /** Classes of each head (one or two heads, the same C). */
  readonly classes: readonly number[];
  readonly biases: boolean;
  readonly examples: number;
  /** Gain of every initial weight matrix (Haar blocks); biases N(0, gain²). */
  readonly gain: number;
  readonly learningRate: number;
  readonly steps: number;
  /** Size of the shift c added to every logit (W^{D_w} → W^{D_w} + 𝟙cᵀ, b → b + c₀𝟙). */
  readonly shift: number;
  readonly seed: number;
}

/** Rounding margin of the conserved sums: each GD step adds ≤ C rounded terms per column sum, so drift ≤ MT1_SUM_ULPS·steps·C·ε·C·max|W|. */
export const MT1_SUM_ULPS = 4;
/** Rounding of log-sum-exp after the max shift: ≤ MT1_LSE_ULPS·ε·(1 + max|z|) per example mean. */
export const MT1_LSE_ULPS = 64;
/** Relative floor of both tolerances (MULTITASK.md §5 MT1: 1e-12). */
export const MT1_FLOOR = 1e-12;

function arbitrary(scale: Scale): fc.Arbitrary<MT1Spec> {
  const ci = scale === 'ci';
  return fc
    .record({
      inputDim: fc.integer({ min: 1, max: ci ? 8 : 20 }),
      hiddenDims: fc.array(fc.integer({ min: 1, max: ci ? 8 : 20 }), { minLength: 0, maxLength: 3 }),
      acts: fc.array(fc.constantFrom<Activation['kind']>('linear', 'relu', 'leakyRelu'), {
        minLength: 3,
        maxLength: 3,
      }),
      classes: fc.integer({ min: 2, max: ci ? 6 : 12 }),
      heads: fc.integer({ min: 1, max: 2 }),
      biases: fc.boolean(),
      examples: fc.integer({ min: 1, max: ci ? 20 : 100 }),
      gain: arbLogUniform(0.1, 1.5),
      learningRate: arbLogUniform(1e-3, 0.05),
      steps: fc.integer({ min: 1, max: ci ? 50 : 500 }),
      shift: arbLogUniform(1e-3, 1e3),
      seed: arbSeed(),
    })
    .map(({ acts, classes, heads, ...s }) => ({
      ...s,
      classes: new Array<number>(heads).fill(classes),
      activations: acts.slice(0, s.hiddenDims.length),
    }));
}

function check(spec: MT1Spec, impl: MT1Impl): Outcome {
  const { model, w, data, depth } = setup(spec, impl);
  const heads = spec.classes.length;
  const trained = impl.train(model, data, spec.learningRate, spec.steps, w);
  const outcomes: Outcome[] = [];
  for (let k = 0; k < heads; k++) {
    const before = sums(w, depth + k);
    const after = sums(trained, depth + k);
    const unit = Math.max(after.scale, before.scale);
    const tol = Math.max(MT1_FLOOR, MT1_SUM_ULPS * spec.steps * spec.classes[k] * Number.EPSILON);
    let drift = Math.abs(after.bias - before.bias) / unit;
    for (let j = 0; j < after.col.length; j++) drift = Math.max(drift, Math.abs(after.col[j] - before.col[j]) / unit);
    outcomes.push(
      twoSided(
        drift,
        0,
        tol,
        `head ${k}: max |𝟙ᵀW(t) − 𝟙ᵀW(0)| and |Σb(t) − Σb(0)| over ${spec.steps} GD steps, relative to C·max|W|`,
      ),
    );
  }
  if (heads === 2) outcomes.push(headIsolation(model, trained, data, depth, spec.learningRate, impl));
  outcomes.push(...shiftInvariance(spec, model, trained, data[0], depth, impl));
  return worstOf(outcomes);
}

/** The student, its initial weights and each head's data (Gaussian inputs, uniform labels) of an instance. */
function setup(spec: MT1Spec, impl: MT1Impl) {
  const rng = createRng(spec.seed);
  const model: ModelSpec = {
    inputDim: spec.inputDim,
    hiddenDims: spec.hiddenDims,
    activations: spec.activations.map((k) => (k === 'leakyRelu' ? { kind: k, slope: 0.1 } : { kind: k })),
    heads: spec.classes.map((c) => ({ outputDim: c, output: 'softmaxCrossEntropy' as const })),
    biases: spec.biases,
    init: { kind: 'random', gain: spec.gain },
  };
  const shapes = layerShapes(model);
  const w: ModelWeights = {
    layers: shapes.map(([r, c], l) => {
      const m = haarBlock(r, c, rng.fork(`layer${l}`));
      for (let i = 0; i < m.data.length; i++) m.data[i] *= spec.gain;
      return m;
    }),
    biases: spec.biases ? shapes.map(([r], l) => normals(rng.fork(`bias${l}`), r, spec.gain)) : undefined,
  };
  const data: HeadData[] = spec.classes.map((c, k) => {
    const x: Mat = {
      rows: spec.inputDim,
      cols: spec.examples,
      data: normals(rng.fork(`x${k}`), spec.inputDim * spec.examples),
    };
    const labels = new Int32Array(spec.examples);
    const stream = rng.fork(`labels${k}`);
    for (let i = 0; i < labels.length; i++) labels[i] = Math.min(c - 1, Math.floor(stream.uniform() * c));
    return { x, y: impl.targets(labels, c) };
  });
  return { model, w, data, depth: spec.hiddenDims.length };
}

/** Column sums of a head matrix (𝟙ᵀW), the sum of its bias, and C·max|entry| as the unit. */
function sums(w: ModelWeights, l: number): { col: Float64Array; bias: number; scale: number } {
  const m = w.layers[l];
  const col = new Float64Array(m.cols);
  let scale = 0;
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      col[j] += m.data[i * m.cols + j];
      scale = Math.max(scale, Math.abs(m.data[i * m.cols + j]));
    }
  }
  let bias = 0;
  for (const v of w.biases?.[l] ?? []) {
    bias += v;
    scale = Math.max(scale, Math.abs(v));
  }
  return { col, bias, scale: m.rows * scale };
}

/** One step on head B's loss must leave head A's weights and bias exactly unchanged. */
function headIsolation(
  model: ModelSpec,
  w: ModelWeights,
  data: readonly HeadData[],
  depth: number,
  learningRate: number,
  impl: MT1Impl,
): Outcome {
  const next = impl.step(model, w, data, { learningRate, reduction: 'mean', heads: [1] });
  let moved = 0;
  const a = w.layers[depth].data;
  for (let i = 0; i < a.length; i++) moved = Math.max(moved, Math.abs(next.layers[depth].data[i] - a[i]));
  const b0 = w.biases?.[depth];
  if (b0) for (let i = 0; i < b0.length; i++) moved = Math.max(moved, Math.abs(next.biases![depth][i] - b0[i]));
  return atMost(
    moved,
    0,
    0,
    "largest change of head A's weights or bias in a step on head B's loss (must be exactly 0)",
  );
}

/** Loss and predictions of head A under W^{D_w} → W^{D_w} + 𝟙cᵀ, b → b + c₀𝟙 (c drawn with scale `shift`). */
function shiftInvariance(
  spec: MT1Spec,
  model: ModelSpec,
  w: ModelWeights,
  data: HeadData,
  depth: number,
  impl: MT1Impl,
): Outcome[] {
  const one: ModelSpec = { ...model, heads: [model.heads[0]] };
  const base: ModelWeights = { layers: w.layers.slice(0, depth + 1), biases: w.biases?.slice(0, depth + 1) };
  const head = { ...base.layers[depth], data: new Float64Array(base.layers[depth].data) };
  const dir = normals(createRng(spec.seed).fork('shift'), head.cols + 1, spec.shift);
  for (let i = 0; i < head.rows; i++) for (let j = 0; j < head.cols; j++) head.data[i * head.cols + j] += dir[j];
  const biases = base.biases?.map((b, l) => (l === depth ? b.map((v) => v + dir[head.cols]) : b));
  const shifted: ModelWeights = { layers: [...base.layers.slice(0, depth), head], biases };
  const z = headLogits(one, shifted, data.x, 0);
  let zMax = 0;
  for (const v of z.data) zMax = Math.max(zMax, Math.abs(v));
  const labels = labelsOf(data.y);
  const before = perExample(headLogits(one, base, data.x, 0), labels).correct;
  const after = perExample(z, labels).correct;
  let changed = 0;
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) changed++;
  const tol = Math.max(MT1_FLOOR, MT1_LSE_ULPS * Number.EPSILON * (1 + zMax));
  return [
    twoSided(
      impl.loss(one, shifted, [data]) - impl.loss(one, base, [data]),
      0,
      tol,
      `loss change under W^{D_w} → W^{D_w} + 𝟙cᵀ (max |logit| ${zMax.toPrecision(3)})`,
    ),
    atMost(changed, 0, 0, 'examples whose argmax prediction changed under the shift'),
  ];
}

/** The class of each one-hot column (the largest entry). */
function labelsOf(y: Mat): Int32Array {
  const out = new Int32Array(y.cols);
  for (let j = 0; j < y.cols; j++)
    for (let i = 1; i < y.rows; i++) if (y.data[i * y.cols + j] > y.data[out[j] * y.cols + j]) out[j] = i;
  return out;
}

/** What MT1 exercises: the targets of a softmax head, the engine's GD (a run and one step) and its loss. */
export interface MT1Impl {
  targets(labels: Int32Array, classes: number): Mat;
  train(
    model: ModelSpec,
    data: readonly HeadData[],
    learningRate: number,
    steps: number,
    start: ModelWeights,
  ): ModelWeights;
  step(model: ModelSpec, w: ModelWeights, data: readonly HeadData[], options: ReferenceStepOptions): ModelWeights;
  loss(model: ModelSpec, w: ModelWeights, data: readonly HeadData[]): number;
}

const implementation: MT1Impl = {
  targets: oneHot,
  train: (model, data, learningRate, steps, start) =>
    trainModel(
      model,
      data,
      { integrator: 'gd', learningRate, epochs: steps, reportEvery: Math.max(1, steps), reduction: 'mean' },
      start,
    ).weights,
  step: referenceStep,
  loss: (m, w, d) => modelLoss(m, w, d, 'mean'),
};

const plantedBugs: readonly PlantedBug<MT1Impl>[] = [
  {
    name: 'softmax without the max shift',
    description: 'cross-entropy as log Σ exp(z) − z_y without subtracting max z first (overflows for large logits)',
    implementation: {
      ...implementation,
      loss(model, w, data) {
        const z = headLogits(model, w, data[0].x, 0);
        const labels = labelsOf(data[0].y);
        let s = 0;
        for (let mu = 0; mu < z.cols; mu++) {
          let e = 0;
          for (let c = 0; c < z.rows; c++) e += Math.exp(z.data[c * z.cols + mu]);
          s += Math.log(e) - z.data[labels[mu] * z.cols + mu];
        }
        return s / z.cols;
      },
    },
  },
  {
    name: 'heads sharing one bias',
    description: "head B's bias is the same parameter as head A's (a step on B's loss moves A's bias)",
    implementation: {
      ...implementation,
      step(model, w, data, options) {
        const next = referenceStep(model, w, data, options);
        const depth = model.hiddenDims.length;
        if (next.biases && model.heads.length === 2) next.biases[depth] = next.biases[depth + 1];
        return next;
      },
    },
  },
  {
    name: 'smoothed targets not normalised',
    description: 'label smoothing 0.9·one-hot + 0.1 without dividing the 0.1 by C: target columns do not sum to 1',
    implementation: {
      ...implementation,
      targets: (labels, c) => ({ ...oneHot(labels, c), data: oneHot(labels, c).data.map((v) => 0.9 * v + 0.1) }),
    },
  },
];

/** MT1: cross-entropy gradient structure (exact). */
export const mt01CrossEntropyStructure: Claim<MT1Spec, MT1Impl> = {
  id: 'MT1',
  name: 'cross-entropy gradient structure',
  statement:
    "Under GD on softmax cross-entropy, for any student (depth, activations, biases, one or two heads), 𝟙ᵀW^{D_w}(t) = 𝟙ᵀW^{D_w}(0) and Σ_c b_c(t) = Σ_c b_c(0) for every head to 1e-12 relative (the logit gradient softmax(Z) − Y has zero column sums); a step on one head's loss leaves the other head unchanged; loss and predictions are unchanged by W^{D_w} → W^{D_w} + 𝟙cᵀ.",
  reference: 'MULTITASK.md §3.1, §5 MT1',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source:
      'exact identity; tolerances are float64 rounding bounds (steps·C·ε for the sums, 64ε·max|z| for log-sum-exp)',
  },
  instances: { ci: 100, thorough: 500 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
