import fc from 'fast-check';
import { arbLogUniform, arbSeed } from '../arbitraries/primitives.js';
import { haarBlock } from '../linalg/haar.js';
import type { Mat } from '../linalg/mat.js';
import { headLogits, perExample } from '../multitask/evaluate.js';
import { oneHot } from '../multitask/protocol.js';
import { layerShapes, type Activation, type HeadData, type ModelSpec, type ModelWeights } from '../network/model.js';
import { modelLoss, referenceStep, type ReferenceStepOptions } from '../network/reference.js';
import { createRng, normals } from '../random/rng.js';
import { atMost, twoSided, worstOf, type Claim, type Outcome, type PlantedBug, type Scale } from './claim.js';

/** An MT1 instance: a softmax student (any depth, activations, one or two heads, biases or not), data, GD steps and a logit shift. */
export interface Mt1Spec {
  readonly inputDim: number;
  readonly hiddenDims: readonly number[];
  readonly activations: readonly Activation['kind'][];
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

/** What MT1 exercises: the engine's GD step and its loss. */
export interface Mt1Impl {
  step(model: ModelSpec, w: ModelWeights, data: readonly HeadData[], options: ReferenceStepOptions): ModelWeights;
  loss(model: ModelSpec, w: ModelWeights, data: readonly HeadData[]): number;
}

const EPS = Number.EPSILON;

function arbitrary(scale: Scale): fc.Arbitrary<Mt1Spec> {
  const ci = scale === 'ci';
  return fc
    .record({
      inputDim: fc.integer({ min: 1, max: ci ? 8 : 20 }),
      hiddenDims: fc.array(fc.integer({ min: 1, max: ci ? 8 : 20 }), { minLength: 0, maxLength: 3 }),
      acts: fc.array(fc.constantFrom<Activation['kind']>('linear', 'relu', 'leakyRelu'), { minLength: 3, maxLength: 3 }),
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
    .map(({ acts, classes, heads, ...s }) => ({ ...s, classes: new Array<number>(heads).fill(classes), activations: acts.slice(0, s.hiddenDims.length) }));
}

function setup(spec: Mt1Spec) {
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
    const x: Mat = { rows: spec.inputDim, cols: spec.examples, data: normals(rng.fork(`x${k}`), spec.inputDim * spec.examples) };
    const labels = new Int32Array(spec.examples);
    const stream = rng.fork(`labels${k}`);
    for (let i = 0; i < labels.length; i++) labels[i] = Math.min(c - 1, Math.floor(stream.uniform() * c));
    return { x, y: oneHot(labels, c) };
  });
  return { model, w, data, depth: spec.hiddenDims.length };
}

/** Column sums of a head matrix (1ᵀW) and the sum of its bias. */
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
  let bScale = 0;
  for (const v of w.biases?.[l] ?? []) {
    bias += v;
    bScale = Math.max(bScale, Math.abs(v));
  }
  return { col, bias, scale: m.rows * Math.max(scale, bScale) };
}

function check(spec: Mt1Spec, impl: Mt1Impl): Outcome {
  const { model, w, data, depth } = setup(spec);
  const heads = spec.classes.length;
  let cur = w;
  let scale = 0;
  for (let t = 0; t < spec.steps; t++) {
    cur = impl.step(model, cur, data, { learningRate: spec.learningRate, reduction: 'mean' });
    for (let k = 0; k < heads; k++) scale = Math.max(scale, sums(cur, depth + k).scale);
  }
  // Rounding: each step adds ≤ C rounded terms per column sum: drift ≤ steps·C·ε·max|W| (×4 margin).
  const outcomes: Outcome[] = [];
  for (let k = 0; k < heads; k++) {
    const before = sums(w, depth + k);
    const after = sums(cur, depth + k);
    const unit = Math.max(scale, before.scale);
    const tol = Math.max(1e-12, 4 * spec.steps * spec.classes[k] * EPS);
    let drift = Math.abs(after.bias - before.bias) / unit;
    for (let j = 0; j < after.col.length; j++) drift = Math.max(drift, Math.abs(after.col[j] - before.col[j]) / unit);
    outcomes.push(twoSided(drift, 0, tol, `head ${k}: max |𝟙ᵀW(t) − 𝟙ᵀW(0)| and |Σb(t) − Σb(0)| over ${spec.steps} GD steps, relative to C·max|W|`));
  }
  // A step on the last head's loss moves the trunk and that head only.
  if (heads === 2) {
    const next = impl.step(model, cur, data, { learningRate: spec.learningRate, reduction: 'mean', heads: [1] });
    let moved = 0;
    const a = depth;
    for (let i = 0; i < cur.layers[a].data.length; i++) moved = Math.max(moved, Math.abs(next.layers[a].data[i] - cur.layers[a].data[i]));
    const b0 = cur.biases?.[a];
    if (b0) for (let i = 0; i < b0.length; i++) moved = Math.max(moved, Math.abs(next.biases![a][i] - b0[i]));
    outcomes.push(atMost(moved, 0, 0, "largest change of head A's weights or bias in a step on head B's loss (must be exactly 0)"));
  }
  // Shift invariance: the same c added to every logit of head 0 (c = shift·(v, v₀) with v a fixed direction).
  const shifted: ModelWeights = { layers: cur.layers.map((m) => ({ ...m, data: new Float64Array(m.data) })), biases: cur.biases?.map((b) => new Float64Array(b)) };
  const head = shifted.layers[depth];
  const dir = normals(createRng(spec.seed).fork('shift'), head.cols + 1, spec.shift);
  for (let i = 0; i < head.rows; i++) for (let j = 0; j < head.cols; j++) head.data[i * head.cols + j] += dir[j];
  if (shifted.biases) for (let i = 0; i < head.rows; i++) shifted.biases[depth][i] += dir[head.cols];
  const only0 = [data[0]];
  const model0 = { ...model, heads: [model.heads[0]] };
  const w0: ModelWeights = { layers: [...cur.layers.slice(0, depth + 1)], biases: cur.biases?.slice(0, depth + 1) };
  const s0: ModelWeights = { layers: [...shifted.layers.slice(0, depth + 1)], biases: shifted.biases?.slice(0, depth + 1) };
  const base = impl.loss(model0, w0, only0);
  const moved = impl.loss(model0, s0, only0);
  const zShift = headLogits(model0, s0, data[0].x, 0);
  let zMax = 0;
  for (const v of zShift.data) zMax = Math.max(zMax, Math.abs(v));
  // log-sum-exp after the max shift loses ≤ a few ε·max|z| per example.
  outcomes.push(twoSided(moved - base, 0, Math.max(1e-12, 64 * EPS * (1 + zMax)), `loss change under W^{D_w} → W^{D_w} + 𝟙cᵀ (max |logit| ${zMax.toPrecision(3)})`));
  const predBase = perExample(headLogits(model0, w0, data[0].x, 0), labelsOf(data[0].y)).correct;
  const predShift = perExample(zShift, labelsOf(data[0].y)).correct;
  let changed = 0;
  for (let i = 0; i < predBase.length; i++) if (predBase[i] !== predShift[i]) changed++;
  outcomes.push(atMost(changed, 0, 0, 'examples whose argmax prediction changed under the shift'));
  return worstOf(outcomes);
}

function labelsOf(y: Mat): Int32Array {
  const out = new Int32Array(y.cols);
  for (let i = 0; i < y.rows; i++) for (let j = 0; j < y.cols; j++) if (y.data[i * y.cols + j] === 1) out[j] = i;
  return out;
}

const real: Mt1Impl = { step: referenceStep, loss: (m, w, d) => modelLoss(m, w, d, 'mean') };

const noMaxShift: PlantedBug<Mt1Impl> = {
  name: 'softmax without the max shift',
  description: 'cross-entropy as log Σ exp(z) − z_y without subtracting max z first (overflows for large logits)',
  implementation: {
    ...real,
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
};

const sharedBias: PlantedBug<Mt1Impl> = {
  name: 'heads sharing one bias',
  description: "head B's bias is the same parameter as head A's (a step on B's loss moves A's bias)",
  implementation: {
    ...real,
    step(model, w, data, options) {
      const next = referenceStep(model, w, data, options);
      const depth = model.hiddenDims.length;
      if (next.biases && model.heads.length === 2) next.biases[depth] = next.biases[depth + 1];
      return next;
    },
  },
};

const weightDecay: PlantedBug<Mt1Impl> = {
  name: 'weight decay left on',
  description: 'every step also shrinks the weights by λ·1e-3 (L2 decay), which does not conserve 𝟙ᵀW^{D_w}',
  implementation: {
    ...real,
    step(model, w, data, options) {
      const next = referenceStep(model, w, data, options);
      const f = 1 - options.learningRate * 1e-3;
      for (const m of next.layers) for (let i = 0; i < m.data.length; i++) m.data[i] *= f;
      return next;
    },
  },
};

export const mt1CrossEntropyStructure: Claim<Mt1Spec, Mt1Impl> = {
  id: 'MT1',
  name: 'cross-entropy gradient structure',
  statement:
    'Under GD on softmax cross-entropy, for any student (depth, activations, biases, one or two heads), 𝟙ᵀW^{D_w}(t) = 𝟙ᵀW^{D_w}(0) and Σ_c b_c(t) = Σ_c b_c(0) for every head to 1e-12 relative (the logit gradient softmax(Z) − Y has zero column sums); a step on one head\'s loss leaves the other head unchanged; loss and predictions are unchanged by W^{D_w} → W^{D_w} + 𝟙cᵀ.',
  reference: 'MULTITASK.md §3.1, §5 MT1',
  kind: 'exact',
  falseFailure: { perInstance: 0, source: 'exact identity; tolerances are float64 rounding bounds (steps·C·ε for the sums, 64ε·max|z| for log-sum-exp)' },
  instances: { ci: 100, thorough: 500 },
  arbitrary,
  implementation: real,
  check,
  plantedBugs: [noMaxShift, sharedBias, weightDecay],
};
