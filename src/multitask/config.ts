import { ConfigError } from '../config/errors.js';
import { intIn, isPlainObject, noUnknownKeys, numIn, oneOf, safeInt, type FieldCheck } from '../config/fields.js';
import type { CleanValidation } from './data.js';

/** Hidden-layer activation of the student's trunk (MULTITASK.md §1: ReLU unless `--linear`). */
export type TrunkActivation = 'relu' | 'linear';
/** `orthogonal`: PyTorch-style orthogonal weights of gain 1 and uniform biases (the authors' init); `small`: the same scaled by 1e-3 per layer, biases 0 (the linearised regime, §3.2). */
export type MultitaskInit = 'orthogonal' | 'small';
/** `paper`: alternating minibatch SGD (§1); `fullBatch`: full-batch GD on the summed loss of both heads (§3.5). */
export type MultitaskProtocol = 'paper' | 'fullBatch';
/** Order of a `fullBatch` GD step: every layer from the old weights, or input side first on the updated lower layers (THEORY (2.2)'s order). */
export type MultitaskUpdate = 'simultaneous' | 'sequential';

/**
 * One multitask classification experiment (MULTITASK.md §1): two argmax teachers of rank r related by q,
 * a shared trunk with two softmax heads, and the training protocol. Field names are the config file's.
 */
export interface MultitaskConfig {
  /** d, input dimension. */
  readonly inputDim: number;
  /** C, classes of each task. */
  readonly classes: number;
  /** r, teacher rank (r ≤ d/2 and r ≤ C). */
  readonly rank: number;
  /** s_A, scale of task A's input features. */
  readonly scaleA: number;
  /** s_B, scale of task B's input features. */
  readonly scaleB: number;
  /** q ∈ [0, 1]: W_A W_Bᵀ = q s_A s_B I_r. */
  readonly relatedness: number;
  /** Training examples of task A (the authors' ntrain). */
  readonly trainExamples: number;
  /** Training examples of task B (the authors' ntrain2); each task-A minibatch is followed by ⌊aux/train⌋ task-B minibatches. */
  readonly auxExamples: number;
  /** Test examples of each task. */
  readonly testExamples: number;
  /** f, probability that a label is replaced by a uniform class (drawn once, with the data). */
  readonly labelFlip: number;
  /** σ of the logit noise; omitted or `null` in a config file gives the authors' 1/√d. */
  readonly logitNoiseStd: number;
  /** Which labels carry the logit noise (see `CleanValidation`): false all, true the training labels only, `"authors"` a random half of every set. */
  readonly cleanValidation: CleanValidation;
  /** Task B labels the same inputs as task A (the authors' `--single_sample`, with matching batches). */
  readonly sharedSamples: boolean;
  /** Layers of the trunk (the authors' nlayers). */
  readonly trunkLayers: number;
  /** Units per trunk layer (the authors' nunits). */
  readonly trunkWidth: number;
  readonly activation: TrunkActivation;
  /** Biases on every layer (trunk and heads). */
  readonly biases: boolean;
  readonly init: MultitaskInit;
  readonly protocol: MultitaskProtocol;
  /** Update order of `fullBatch` GD (`paper`'s SGD steps are simultaneous). */
  readonly update: MultitaskUpdate;
  /** Minibatch size of the `paper` protocol (ignored by `fullBatch`). */
  readonly batchSize: number;
  readonly learningRate: number;
  readonly epochs: number;
  /** Paired seeds (≥ 2, for the SE): each seed draws teachers, data and init once and trains the single- and the multitask student on them. */
  readonly seeds: number;
  /** Root seed. */
  readonly seed: number;
}

/**
 * Defaults: the authors' code defaults (batch 128, lr 1e-3, 2000 epochs, width 64, biases, orthogonal
 * init) on the rank-10 grid's clean related cell, with the unrecorded parameters set to the values that
 * reproduce the authors' rank-10 single-task losses (docs/multitask.md, "The unrecorded parameters"):
 * d = 30, C = 10, one ReLU trunk layer, test labels without logit noise.
 */
export const DEFAULT_MULTITASK_CONFIG: MultitaskConfig = Object.freeze({
  inputDim: 30,
  classes: 10,
  rank: 10,
  scaleA: 10,
  scaleB: 10,
  relatedness: 1,
  trainExamples: 400,
  auxExamples: 400,
  testExamples: 1000,
  labelFlip: 0,
  logitNoiseStd: 1 / Math.sqrt(30),
  cleanValidation: true,
  sharedSamples: false,
  trunkLayers: 1,
  trunkWidth: 64,
  activation: 'relu',
  biases: true,
  init: 'orthogonal',
  protocol: 'paper',
  update: 'simultaneous',
  batchSize: 128,
  learningRate: 1e-3,
  epochs: 2000,
  seeds: 5,
  seed: 0,
}) as MultitaskConfig;

/** The config's field names, in documentation order. */
export const MULTITASK_CONFIG_FIELDS = Object.keys(DEFAULT_MULTITASK_CONFIG) as (keyof MultitaskConfig)[];

const MAX_DIM = 4096;
const MAX_EXAMPLES = 1_000_000;

/** σ of the logit noise of a resolved config (MULTITASK.md §1: 1/√d unless given). */
export function logitNoiseOf(c: Pick<MultitaskConfig, 'logitNoiseStd'>): number {
  return c.logitNoiseStd;
}

/** Task-B minibatches after each task-A minibatch in the `paper` protocol: ⌊aux/train⌋ (0 means no task-B update). */
export function auxBatchesPerStep(c: Pick<MultitaskConfig, 'trainExamples' | 'auxExamples'>): number {
  return Math.floor(c.auxExamples / c.trainExamples);
}

function boolField(ctx: FieldCheck, field: string, v: unknown): boolean | undefined {
  if (typeof v !== 'boolean') {
    ctx.issues.push({ field, value: v, allowed: 'true or false' });
    return undefined;
  }
  return v;
}

function cleanValidationField(ctx: FieldCheck, v: unknown): CleanValidation | undefined {
  if (typeof v === 'boolean' || v === 'authors') return v;
  ctx.issues.push({ field: 'cleanValidation', value: v, allowed: 'true, false or "authors"' });
  return undefined;
}

/** Checks a raw (parsed JSON) multitask config, fills defaults, and throws a `ConfigError` listing every problem. */
export function resolveMultitaskConfig(raw: unknown): MultitaskConfig {
  const ctx: FieldCheck = { issues: [] };
  if (raw === undefined) raw = {};
  if (!isPlainObject(raw)) throw new ConfigError([{ field: '(config)', value: raw, allowed: 'a JSON object' }]);
  noUnknownKeys(ctx, raw, MULTITASK_CONFIG_FIELDS);
  const v = (k: keyof MultitaskConfig): unknown => (k in raw ? raw[k] : DEFAULT_MULTITASK_CONFIG[k]);
  const inputDim = intIn(ctx, 'inputDim', v('inputDim'), 2, MAX_DIM);
  const classes = intIn(ctx, 'classes', v('classes'), 2, 1000);
  const maxRank = Math.max(1, Math.min(Math.floor((inputDim ?? 2) / 2), classes ?? 1000));
  const rank = intIn(ctx, 'rank', v('rank'), 1, maxRank);
  if (rank === undefined && ctx.issues.length > 0) {
    const last = ctx.issues[ctx.issues.length - 1];
    if (last.field === 'rank')
      ctx.issues[ctx.issues.length - 1] = {
        ...last,
        allowed: `${last.allowed} (r ≤ ⌊inputDim/2⌋ for the 2r feature rows, r ≤ classes)`,
      };
  }
  const trainExamples = intIn(ctx, 'trainExamples', v('trainExamples'), 1, MAX_EXAMPLES);
  const auxExamples = intIn(ctx, 'auxExamples', v('auxExamples'), 1, MAX_EXAMPLES);
  const sharedSamples = boolField(ctx, 'sharedSamples', v('sharedSamples'));
  if (sharedSamples && auxExamples !== undefined && trainExamples !== undefined && auxExamples !== trainExamples) {
    ctx.issues.push({
      field: 'auxExamples',
      value: auxExamples,
      allowed: `${trainExamples} (= trainExamples: shared samples label the same inputs)`,
    });
  }
  const rawNoise = 'logitNoiseStd' in raw ? raw.logitNoiseStd : null;
  const logitNoiseStd =
    rawNoise === null
      ? inputDim === undefined
        ? undefined
        : 1 / Math.sqrt(inputDim)
      : numIn(ctx, 'logitNoiseStd', rawNoise, 0, 1e6);
  const protocol = oneOf(ctx, 'protocol', v('protocol'), ['paper', 'fullBatch'] as const);
  const update = oneOf(ctx, 'update', v('update'), ['simultaneous', 'sequential'] as const);
  if (update === 'sequential' && protocol === 'paper')
    ctx.issues.push({
      field: 'update',
      value: update,
      allowed:
        '"simultaneous" with protocol "paper" (its minibatch SGD steps); "sequential" needs protocol "fullBatch"',
    });
  const config = {
    inputDim,
    classes,
    rank,
    scaleA: numIn(ctx, 'scaleA', v('scaleA'), 0, 1e6),
    scaleB: numIn(ctx, 'scaleB', v('scaleB'), 0, 1e6),
    relatedness: numIn(ctx, 'relatedness', v('relatedness'), 0, 1),
    trainExamples,
    auxExamples,
    testExamples: intIn(ctx, 'testExamples', v('testExamples'), 1, MAX_EXAMPLES),
    labelFlip: numIn(ctx, 'labelFlip', v('labelFlip'), 0, 1),
    logitNoiseStd,
    cleanValidation: cleanValidationField(ctx, v('cleanValidation')),
    sharedSamples,
    trunkLayers: intIn(ctx, 'trunkLayers', v('trunkLayers'), 1, 16),
    trunkWidth: intIn(ctx, 'trunkWidth', v('trunkWidth'), 1, MAX_DIM),
    activation: oneOf(ctx, 'activation', v('activation'), ['relu', 'linear'] as const),
    biases: boolField(ctx, 'biases', v('biases')),
    init: oneOf(ctx, 'init', v('init'), ['orthogonal', 'small'] as const),
    protocol,
    update,
    batchSize: intIn(ctx, 'batchSize', v('batchSize'), 1, MAX_EXAMPLES),
    learningRate: numIn(ctx, 'learningRate', v('learningRate'), 0, 100, true),
    epochs: intIn(ctx, 'epochs', v('epochs'), 0, 1e7),
    seeds: intIn(ctx, 'seeds', v('seeds'), 2, 10_000),
    seed: safeInt(ctx, 'seed', v('seed')),
  };
  if (ctx.issues.length > 0) throw new ConfigError(ctx.issues);
  return Object.freeze(config) as MultitaskConfig;
}
