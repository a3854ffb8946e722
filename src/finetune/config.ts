import { ConfigError, type ConfigIssue } from '../config/errors.js';
import {
  arrayOf,
  intIn,
  isPlainObject,
  noUnknownKeys,
  numIn,
  oneOf,
  safeInt,
  type FieldCheck,
} from '../config/fields.js';
import type { CovarianceSpec } from './covariance.js';

/** How the pretrained weights are made: the exact balanced factorisation of W_S, or GD on a source task from small init. */
export type PretrainKind = 'balanced' | 'trained';

/** A resolved `dlgen finetune` config (every field filled in). */
export interface FinetuneConfig {
  /** N1 */
  readonly inputDim: number;
  /** N3 */
  readonly outputDim: number;
  /** Hidden widths; D_w = length + 1 ([] is linear regression). */
  readonly hiddenDims: readonly number[];
  readonly inputCovariance: CovarianceSpec;
  /** ‖W_S‖_F */
  readonly sourceNorm: number;
  /** ‖W_T‖_F / ‖W_S‖_F */
  readonly targetScale: number;
  /** φ, the angle between W_S and W_T (radians). */
  readonly targetAngle: number;
  /** σ: std of the label noise of each target sample. */
  readonly noiseStd: number;
  /** P, the number of target samples. */
  readonly targetExamples: number;
  readonly pretrain: PretrainKind;
  /** P_S, source samples for pretrain "trained". */
  readonly sourceExamples: number;
  readonly pretrainEpochs: number;
  readonly pretrainLearningRate: number;
  /** ε of the small random init before pretraining (the end-to-end map's singular value, as in `simulate`). */
  readonly initScale: number;
  readonly learningRate: number;
  readonly update: 'sequential' | 'simultaneous';
  /** Most fine-tuning epochs. */
  readonly epochs: number;
  /** Fine-tuning stops once the train loss ½‖y − WX‖² is ≤ stopLoss (0: never early). */
  readonly stopLoss: number;
  readonly reportEvery: number;
  /** Layers 1…k stay at their pretrained values. */
  readonly freezeLayers: number;
  readonly runs: number;
  readonly seed: number;
}

const MAX_DIM = 4096;

/** The defaults: FINETUNE.md's checking size (N1 = 40, P = 8), depth 3, a white Σ and a target equal to the source. */
export const FINETUNE_DEFAULTS = {
  inputDim: 40,
  outputDim: 1,
  hiddenDims: [40, 40],
  inputCovariance: { kind: 'identity', basis: 'haar' },
  sourceNorm: 1,
  targetScale: 1,
  targetAngle: 0,
  noiseStd: 0,
  targetExamples: 8,
  pretrain: 'balanced',
  pretrainEpochs: 20000,
  initScale: 1e-3,
  learningRate: 0.002,
  update: 'sequential',
  epochs: 200000,
  stopLoss: 1e-22,
  reportEvery: 1000,
  freezeLayers: 0,
  runs: 1,
  seed: 0,
} as const;

const FIELDS = [...Object.keys(FINETUNE_DEFAULTS), 'sourceExamples', 'pretrainLearningRate'];

/** Validates a raw config object and fills defaults; every problem is reported at once as a ConfigError naming the field and its range. */
export function resolveFinetuneConfig(raw: unknown): FinetuneConfig {
  const ctx: FieldCheck = { issues: [] as ConfigIssue[] };
  if (!isPlainObject(raw)) throw new ConfigError([{ field: '(config)', value: raw, allowed: 'a JSON object' }]);
  noUnknownKeys(ctx, raw, FIELDS);
  const v = (k: string): unknown => (k in raw ? raw[k] : (FINETUNE_DEFAULTS as Record<string, unknown>)[k]);
  const inputDim = intIn(ctx, 'inputDim', v('inputDim'), 1, MAX_DIM);
  const outputDim = intIn(ctx, 'outputDim', v('outputDim'), 1, MAX_DIM);
  const hiddenDims = arrayOf(ctx, 'hiddenDims', v('hiddenDims'), 0, 64, (f, x) => intIn(ctx, f, x, 1, MAX_DIM));
  const inputCovariance = covarianceField(ctx, v('inputCovariance'));
  const targetAngle = numIn(ctx, 'targetAngle', v('targetAngle'), -2 * Math.PI, 2 * Math.PI);
  if (
    inputDim !== undefined &&
    outputDim !== undefined &&
    inputDim * outputDim === 1 &&
    targetAngle !== undefined &&
    Math.abs(Math.sin(targetAngle)) > 1e-15
  ) {
    ctx.issues.push({
      field: 'targetAngle',
      value: targetAngle,
      allowed: '0 or ±π when inputDim·outputDim = 1 (no direction orthogonal to W_S)',
    });
  }
  const targetExamples = intIn(ctx, 'targetExamples', v('targetExamples'), 1, 1e6);
  const epochs = intIn(ctx, 'epochs', v('epochs'), 0, 1e9);
  const learningRate = numIn(ctx, 'learningRate', v('learningRate'), 0, 100, true);
  const depth = hiddenDims ? hiddenDims.length + 1 : 1;
  const config = {
    inputDim,
    outputDim,
    hiddenDims,
    inputCovariance,
    sourceNorm: numIn(ctx, 'sourceNorm', v('sourceNorm'), 0, 1e6, true),
    targetScale: numIn(ctx, 'targetScale', v('targetScale'), 0, 1e6),
    targetAngle,
    noiseStd: numIn(ctx, 'noiseStd', v('noiseStd'), 0, 1e6),
    targetExamples,
    pretrain: oneOf(ctx, 'pretrain', v('pretrain'), ['balanced', 'trained'] as const),
    sourceExamples: intIn(
      ctx,
      'sourceExamples',
      'sourceExamples' in raw ? raw.sourceExamples : 2 * (inputDim ?? 1),
      1,
      1e6,
    ),
    pretrainEpochs: intIn(ctx, 'pretrainEpochs', v('pretrainEpochs'), 0, 1e9),
    pretrainLearningRate: numIn(
      ctx,
      'pretrainLearningRate',
      'pretrainLearningRate' in raw ? raw.pretrainLearningRate : learningRate,
      0,
      100,
      true,
    ),
    initScale: numIn(ctx, 'initScale', v('initScale'), 0, 10, true),
    learningRate,
    update: oneOf(ctx, 'update', v('update'), ['sequential', 'simultaneous'] as const),
    epochs,
    stopLoss: numIn(ctx, 'stopLoss', v('stopLoss'), 0, 1e6),
    reportEvery: intIn(ctx, 'reportEvery', v('reportEvery'), 1, Math.max(1, epochs ?? 1e9)),
    freezeLayers: intIn(ctx, 'freezeLayers', v('freezeLayers'), 0, depth - 1),
    runs: intIn(ctx, 'runs', v('runs'), 1, 100_000),
    seed: safeInt(ctx, 'seed', v('seed')),
  };
  if (config.pretrain === 'balanced' && hiddenDims && inputDim !== undefined && outputDim !== undefined) {
    const rank = Math.min(inputDim, outputDim);
    hiddenDims.forEach((d, i) => {
      if (d < rank)
        ctx.issues.push({
          field: `hiddenDims[${i}]`,
          value: d,
          allowed: `integer in [${rank}, ${MAX_DIM}]: pretrain "balanced" factorises W_S of rank min(inputDim, outputDim) = ${rank} exactly`,
        });
    });
  }
  if (inputCovariance && inputDim !== undefined) {
    if (inputCovariance.kind === 'twoLevel' && inputCovariance.highCount > inputDim) {
      ctx.issues.push({
        field: 'inputCovariance.highCount',
        value: inputCovariance.highCount,
        allowed: `integer in [0, ${inputDim}] (at most inputDim)`,
      });
    }
    if (inputCovariance.kind === 'exponential' && inputCovariance.rate * (inputDim - 1) > 600) {
      ctx.issues.push({
        field: 'inputCovariance.rate',
        value: inputCovariance.rate,
        allowed: `number in [0, ${600 / Math.max(1, inputDim - 1)}] (rate·(inputDim − 1) ≤ 600 keeps every eigenvalue of Σ a normal float64)`,
      });
    }
  }
  if (inputDim !== undefined && targetExamples !== undefined && outputDim !== undefined) {
    const p = Math.max(targetExamples, config.sourceExamples ?? 0);
    const widest = Math.max(inputDim, ...(hiddenDims ?? []));
    // Dense N1×N1 covariance, N1×P inputs and the layers, in float64.
    const bytes = 8 * (3 * inputDim * inputDim + 2 * inputDim * p + (depth + 1) * widest * widest);
    if (bytes > 1.2e9)
      ctx.issues.push({
        field: 'inputDim',
        value: inputDim,
        allowed: `a size whose matrices fit in about 1.2 GB (this one needs ${(bytes / 1e9).toFixed(1)} GB)`,
      });
  }
  if (ctx.issues.length > 0) throw new ConfigError(ctx.issues);
  return config as FinetuneConfig;
}

function covarianceField(ctx: FieldCheck, raw: unknown): CovarianceSpec | undefined {
  const field = 'inputCovariance';
  if (!isPlainObject(raw)) {
    ctx.issues.push({
      field,
      value: raw,
      allowed: 'an object { "kind": "identity" | "powerLaw" | "twoLevel" | "exponential", … }',
    });
    return undefined;
  }
  const kind = oneOf(ctx, `${field}.kind`, raw.kind, ['identity', 'powerLaw', 'twoLevel', 'exponential'] as const);
  const basis = oneOf(ctx, `${field}.basis`, raw.basis ?? 'haar', ['haar', 'axis'] as const);
  const sub = (k: string) => `${field}.${k}`;
  const known: Record<string, string[]> = {
    identity: [],
    powerLaw: ['exponent'],
    twoLevel: ['high', 'low', 'highCount'],
    exponential: ['rate'],
  };
  if (kind === undefined || basis === undefined) return undefined;
  const n0 = ctx.issues.length;
  for (const key of Object.keys(raw)) {
    if (key !== 'kind' && key !== 'basis' && !known[kind].includes(key))
      ctx.issues.push({
        field: sub(key),
        value: raw[key],
        allowed: `no such field for kind "${kind}"; known: kind, basis${known[kind].map((k) => `, ${k}`).join('')}`,
      });
  }
  let spec: CovarianceSpec | undefined;
  switch (kind) {
    case 'identity':
      spec = { kind, basis };
      break;
    case 'powerLaw':
      spec = { kind, basis, exponent: numIn(ctx, sub('exponent'), raw.exponent, 0, 10) as number };
      break;
    case 'twoLevel':
      spec = {
        kind,
        basis,
        high: numIn(ctx, sub('high'), raw.high, 0, 1e6, true) as number,
        low: numIn(ctx, sub('low'), raw.low, 0, 1e6, true) as number,
        highCount: intIn(ctx, sub('highCount'), raw.highCount, 0, MAX_DIM) as number,
      };
      break;
    case 'exponential':
      spec = { kind, basis, rate: numIn(ctx, sub('rate'), raw.rate, 0, 50) as number };
      break;
  }
  return ctx.issues.length === n0 ? spec : undefined;
}
