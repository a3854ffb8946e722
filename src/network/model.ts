import { ConfigError, type ConfigIssue } from '../config/errors.js';
import { haarBlock } from '../linalg/haar.js';
import { scale, type Mat } from '../linalg/mat.js';
import { svd } from '../linalg/svd.js';
import type { Rng } from '../random/rng.js';
import { initStudent } from './init.js';
import { matmul } from '../linalg/gemm.js';

/** Nonlinearity of one hidden layer: identity, leaky ReLU (x > 0 ? x : slope·x, 0 ≤ slope ≤ 1), or ReLU. */
export type Activation =
  { readonly kind: 'linear' } | { readonly kind: 'leakyRelu'; readonly slope: number } | { readonly kind: 'relu' };

/** What a head's outputs are compared with: squared error on raw outputs, or softmax + cross-entropy on logits. */
export type OutputKind = 'linear' | 'softmaxCrossEntropy';

/** One output head: a weight matrix (outputDim × last trunk width) on the shared trunk. */
export interface HeadSpec {
  readonly outputDim: number;
  /** Default 'linear'. */
  readonly output?: OutputKind;
}

/** Initial weights: training-aligned (2.4)–(2.5), scaled Haar blocks, or given arrays. */
export type InitSpec =
  /** Aligned with the SVD of the training data's Σ31 = YXᵀ (linear single-head models without biases only). */
  | { readonly kind: 'aligned'; readonly scale: number }
  /**
   * Each weight matrix the leading block of a Haar matrix (orthonormal rows or columns) times a gain:
   * `scale` = ε, the end-to-end singular value, gives gain ε^(1/D_w) (today's students);
   * `gain` sets each matrix's gain directly (PyTorch's orthogonal_ init has gain 1). Biases start at 0.
   */
  | { readonly kind: 'random'; readonly scale?: number; readonly gain?: number }
  /** Exactly these matrices (copied), in layer order; biases default to 0. */
  | { readonly kind: 'given'; readonly weights: readonly Mat[]; readonly biases?: readonly Float64Array[] };

/**
 * One feed-forward student, as plain data. Weight matrices are numbered l = 1 … D_w input side
 * first: the trunk's W^1 … W^H (H = hiddenDims.length), then one matrix per head. Today's deep
 * linear student is { inputDim, hiddenDims, heads: [{ outputDim }] } with linear activations.
 */
export interface ModelSpec {
  readonly inputDim: number;
  /** Widths of the hidden (trunk) layers; may be empty. */
  readonly hiddenDims: readonly number[];
  /** One activation per hidden layer; default all linear. */
  readonly activations?: readonly Activation[];
  /** One or more heads on the shared trunk. */
  readonly heads: readonly HeadSpec[];
  /** A bias vector on every weight matrix (default false). */
  readonly biases?: boolean;
  /** Weight-matrix numbers l (1-based) that training leaves unchanged, with their biases. */
  readonly frozen?: readonly number[];
  readonly init: InitSpec;
}

/** The trainable state of a model: weight matrices in layer order and, with biases, one vector per matrix. */
export interface ModelWeights {
  readonly layers: Mat[];
  readonly biases?: Float64Array[];
}

/** Shapes [rows, cols] of the weight matrices: trunk first, then each head. */
export function layerShapes(model: Pick<ModelSpec, 'inputDim' | 'hiddenDims' | 'heads'>): [number, number][] {
  const widths = [model.inputDim, ...model.hiddenDims];
  const shapes: [number, number][] = [];
  for (let l = 1; l < widths.length; l++) shapes.push([widths[l], widths[l - 1]]);
  for (const h of model.heads) shapes.push([h.outputDim, widths[widths.length - 1]]);
  return shapes;
}

/** The activation of hidden layer i (0-based). */
export function activationOf(model: Pick<ModelSpec, 'activations'>, i: number): Activation {
  return model.activations?.[i] ?? { kind: 'linear' };
}

/** True for a model whose every map is linear: linear activations and linear single-head output without biases (today's student). */
export function isLinearStudent(model: ModelSpec): boolean {
  return (
    model.heads.length === 1 &&
    (model.heads[0].output ?? 'linear') === 'linear' &&
    !model.biases &&
    model.hiddenDims.every((_, i) => activationOf(model, i).kind === 'linear')
  );
}

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const isFinitePos = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * Checks a model description and throws a ConfigError naming every bad field (`model.heads[1].outputDim`, …)
 * with its allowed range. `prefix` names the model inside a larger config.
 */
export function validateModel(model: ModelSpec, prefix = 'model'): ModelSpec {
  const issues: ConfigIssue[] = [];
  const bad = (field: string, value: unknown, allowed: string) =>
    issues.push({ field: `${prefix}.${field}`, value, allowed });
  const known = new Set(['inputDim', 'hiddenDims', 'activations', 'heads', 'biases', 'frozen', 'init']);
  for (const k of Object.keys(model))
    if (!known.has(k))
      bad(k, (model as unknown as Record<string, unknown>)[k], `no such field; fields are ${[...known].join(', ')}`);
  if (!isPosInt(model.inputDim)) bad('inputDim', model.inputDim, 'integer ≥ 1');
  const hidden = Array.isArray(model.hiddenDims) ? model.hiddenDims : [];
  if (!Array.isArray(model.hiddenDims)) bad('hiddenDims', model.hiddenDims, 'array of integers ≥ 1 (may be empty)');
  hidden.forEach((h, i) => isPosInt(h) || bad(`hiddenDims[${i}]`, h, 'integer ≥ 1'));
  if (model.activations !== undefined) {
    if (!Array.isArray(model.activations) || model.activations.length !== hidden.length) {
      bad('activations', model.activations, `array with one activation per hidden layer (${hidden.length})`);
    } else {
      model.activations.forEach((a, i) => {
        const kind = (a as { kind?: unknown } | undefined)?.kind;
        if (kind === 'leakyRelu') {
          const slope = (a as { slope?: unknown }).slope;
          if (!(typeof slope === 'number' && slope >= 0 && slope <= 1))
            bad(`activations[${i}].slope`, slope, 'number in [0, 1] (1 is the linear map)');
        } else if (kind !== 'linear' && kind !== 'relu')
          bad(`activations[${i}].kind`, kind, "'linear', 'leakyRelu' (with slope) or 'relu'");
      });
    }
  }
  if (!Array.isArray(model.heads) || model.heads.length === 0)
    bad('heads', model.heads, 'non-empty array of { outputDim, output? }');
  else {
    model.heads.forEach((h, i) => {
      if (!isPosInt(h?.outputDim)) bad(`heads[${i}].outputDim`, h?.outputDim, 'integer ≥ 1');
      const out = h?.output ?? 'linear';
      if (out !== 'linear' && out !== 'softmaxCrossEntropy')
        bad(`heads[${i}].output`, h?.output, "'linear' or 'softmaxCrossEntropy'");
      else if (out === 'softmaxCrossEntropy' && isPosInt(h.outputDim) && h.outputDim < 2)
        bad(`heads[${i}].outputDim`, h.outputDim, 'integer ≥ 2 for softmaxCrossEntropy (classes)');
    });
  }
  if (model.biases !== undefined && typeof model.biases !== 'boolean') bad('biases', model.biases, 'true or false');
  const depth = hidden.length + (Array.isArray(model.heads) ? model.heads.length : 0);
  if (model.frozen !== undefined) {
    if (!Array.isArray(model.frozen)) bad('frozen', model.frozen, `array of weight-matrix numbers in [1, ${depth}]`);
    else
      model.frozen.forEach(
        (l, i) =>
          (Number.isInteger(l) && l >= 1 && l <= depth) ||
          bad(`frozen[${i}]`, l, `integer in [1, ${depth}] (weight-matrix number, input side first)`),
      );
  }
  validateInit(model, bad);
  if (issues.length > 0) throw new ConfigError(issues);
  return model;
}

function validateInit(model: ModelSpec, bad: (field: string, value: unknown, allowed: string) => void): void {
  const init = model.init as InitSpec | undefined;
  const kind = (init as { kind?: unknown } | undefined)?.kind;
  if (kind === 'aligned') {
    const s = (init as { scale?: unknown }).scale;
    if (!isFinitePos(s)) bad('init.scale', s, 'number > 0');
    if (Array.isArray(model.heads) && Array.isArray(model.hiddenDims) && !isLinearStudent(model)) {
      bad('init.kind', kind, "'random' or 'given': 'aligned' needs linear activations, one linear head and no biases");
    }
  } else if (kind === 'random') {
    const { scale: s, gain } = init as { scale?: unknown; gain?: unknown };
    if ((s === undefined) === (gain === undefined))
      bad('init', init, 'exactly one of scale (end-to-end ε) and gain (per matrix)');
    if (s !== undefined && !isFinitePos(s)) bad('init.scale', s, 'number > 0');
    if (gain !== undefined && !isFinitePos(gain)) bad('init.gain', gain, 'number > 0');
  } else if (kind === 'given') {
    const g = init as { weights?: unknown; biases?: unknown };
    let shapes: [number, number][] = [];
    try {
      shapes = layerShapes(model);
    } catch {
      return;
    }
    if (!Array.isArray(g.weights) || g.weights.length !== shapes.length) {
      bad(
        'init.weights',
        g.weights,
        `${shapes.length} matrices of shapes ${shapes.map(([r, c]) => `${r}×${c}`).join(', ')}`,
      );
    } else {
      (g.weights as Mat[]).forEach((w, l) => {
        const [r, c] = shapes[l];
        if (!(w && w.rows === r && w.cols === c && w.data instanceof Float64Array && w.data.length === r * c))
          bad(`init.weights[${l}]`, w && `${w.rows}×${w.cols}`, `a ${r}×${c} Mat`);
        else if (!w.data.every(Number.isFinite)) bad(`init.weights[${l}]`, 'non-finite entries', 'finite numbers');
      });
    }
    if (g.biases !== undefined) {
      if (!model.biases) bad('init.biases', 'given', 'only with biases: true');
      else if (!Array.isArray(g.biases) || g.biases.length !== shapes.length)
        bad('init.biases', g.biases, `${shapes.length} Float64Arrays of lengths ${shapes.map(([r]) => r).join(', ')}`);
      else
        (g.biases as Float64Array[]).forEach(
          (b, l) =>
            (b instanceof Float64Array && b.length === shapes[l][0]) ||
            bad(`init.biases[${l}]`, b, `Float64Array of length ${shapes[l][0]}`),
        );
    }
  } else bad('init.kind', kind, "'aligned', 'random' or 'given'");
}

/** Training data of one head: inputs X (N1×P) and targets Y (outputDim×P; one-hot or probability columns for softmax heads). */
export interface HeadData {
  readonly x: Mat;
  readonly y: Mat;
}

/**
 * The initial weights of a validated model. 'aligned' builds today's training-aligned student from
 * the SVD of Σ31 = YXᵀ of the (single) head's data, drawing hidden rotations from `rng`; 'random'
 * draws matrix l from rng.fork(`layer<l>`), exactly as today's random students do.
 */
export function initialWeights(model: ModelSpec, rng: Rng, data?: readonly HeadData[]): ModelWeights {
  const shapes = layerShapes(model);
  const biases = model.biases ? shapes.map(([r]) => new Float64Array(r)) : undefined;
  const init = model.init;
  if (init.kind === 'given') {
    const layers = init.weights.map((w) => ({ rows: w.rows, cols: w.cols, data: new Float64Array(w.data) }));
    const given = init.biases?.map((b) => new Float64Array(b));
    return { layers, biases: given ?? biases };
  }
  if (init.kind === 'random') {
    const gain = init.gain ?? Math.pow(init.scale!, 1 / shapes.length);
    return { layers: shapes.map(([r, c], l) => scale(haarBlock(r, c, rng.fork(`layer${l + 1}`)), gain)), biases };
  }
  if (!data || data.length !== 1)
    throw new RangeError('initialWeights: aligned init needs the training data of the one head');
  const sigma31 = matmul(data[0].y, data[0].x, { transB: true });
  const task = { spec: { inputDim: model.inputDim, outputDim: model.heads[0].outputDim }, svd31: svd(sigma31) };
  const layers = initStudent(
    task,
    { hiddenDims: model.hiddenDims, init: 'aligned', initScale: init.scale, update: 'sequential' },
    rng,
  );
  return { layers };
}

/** A deep copy of model weights. */
export function cloneWeights(w: ModelWeights): ModelWeights {
  return {
    layers: w.layers.map((l) => ({ rows: l.rows, cols: l.cols, data: new Float64Array(l.data) })),
    biases: w.biases?.map((b) => new Float64Array(b)),
  };
}
