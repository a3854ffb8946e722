import { activationFields, type StudentActivation } from './activationFields.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import {
  commonFields,
  intIn,
  isPlainObject,
  noUnknownKeys,
  numIn,
  oneOf,
  spectrumField,
  type FieldCheck,
} from './fields.js';

/** Initialisation of the student: scaled Haar blocks, or training-aligned from the SVD of Σ31 (§2). */
export type InitKind = 'random' | 'aligned';
/** Layer update order within an epoch: the authors' Gauss–Seidel order, or textbook Jacobi (§2, §12 D7). */
export type UpdateOrder = 'sequential' | 'simultaneous';
/** How training time advances: full-batch GD epochs, or the continuous gradient flow (2.3) sampled at the same epochs. */
export type Integrator = 'gd' | 'flow';
/** Training inputs: Haar orthonormal, i.i.d. N(0, 1/N1), or one-hot X = I (needs P = N1) (§1). */
export type InputKind = 'orthogonal' | 'gaussian' | 'onehot';

/** A single-task simulation: teacher, data, student and training (THEORY.md §1–§2). */
export interface SimulationConfig {
  /** N1, input dimension. */
  readonly inputDim: number;
  /** N2 of each hidden layer; length = number of hidden layers = D_w − 1. */
  readonly hiddenDims: readonly number[];
  /** N3, output dimension. */
  readonly outputDim: number;
  /** P, number of training examples. */
  readonly examples: number;
  /** s̄, the teacher's singular values, non-increasing, first > 0 (1.1). */
  readonly teacherSingularValues: readonly number[];
  /** σ_z; noise entries have variance σ_z²/N1 (1.3), §0.3. */
  readonly noiseStd: number;
  /** λ, the learning rate; τ = 1/λ epochs. */
  readonly learningRate: number;
  /** ε, the singular value of the initial end-to-end map; each layer is scaled by ε^(1/D_w). */
  readonly initScale: number;
  readonly init: InitKind;
  readonly update: UpdateOrder;
  readonly inputs: InputKind;
  /**
   * 'gd': full-batch gradient descent (2.2). 'flow': the gradient flow (2.3) integrated by an
   * adaptive 8th-order Runge–Kutta method and recorded at the same epochs (t epochs = λt in
   * units of τ): the λ → 0 limit of GD, with the same outputs.
   */
  readonly integrator: Integrator;
  /** Relative local error tolerance of the flow integrator (used when integrator = "flow"). */
  readonly flowTolerance: number;
  /** Number of full-batch GD steps. */
  readonly epochs: number;
  /** Record at epoch 0 and every `reportEvery` epochs up to `epochs`. */
  readonly reportEvery: number;
  /** Independent runs (each with its own teacher, noise, inputs and initialisation). */
  readonly runs: number;
  readonly seed: number;
  /**
   * Nonlinearity after every hidden layer (linear output), THEORY.md §9.6: absent for the linear
   * student (the default), "leakyRelu" or "relu". Present in a resolved config only when nonlinear.
   */
  readonly activation?: StudentActivation;
  /** Negative-side slope of "leakyRelu" in [0, 1] (default 0.01); present only with it. */
  readonly leakySlope?: number;
}

/** The paper's Fig. 3 rank-one setting (THEORY.md §10 F3): N1 = P = 100, N2 = N3 = 50, s̄ = 4, σ_z = 1. */
export const DEFAULT_CONFIG: SimulationConfig = Object.freeze({
  inputDim: 100,
  hiddenDims: Object.freeze([50]),
  outputDim: 50,
  examples: 100,
  teacherSingularValues: Object.freeze([4]),
  noiseStd: 1,
  learningRate: 1e-3,
  initScale: 1e-5,
  init: 'aligned',
  update: 'sequential',
  inputs: 'orthogonal',
  integrator: 'gd',
  flowTolerance: 1e-10,
  epochs: 10000,
  reportEvery: 5,
  runs: 10,
  seed: 0,
}) as SimulationConfig;

/** The field names, in documentation order. */
export const CONFIG_FIELDS = [...Object.keys(DEFAULT_CONFIG), 'activation', 'leakySlope'] as (keyof SimulationConfig)[];

/** Largest dimension accepted for any single size field. */
export const MAX_DIM = 1_000_000;
/** Copies of each recorded value a simulation holds at its end (worker, transfer to the main thread, result). */
export const RECORD_COPIES = 3;
/** Largest number of float64 values a simulation may hold at once (≈ 1.2 GB). */
export const MAX_FLOATS = 150_000_000;

export type Validation<T> = { ok: true; config: T } | { ok: false; issues: ConfigIssue[] };

/** Checks a raw (parsed JSON) config, fills defaults, and collects every problem found. */
export function validateConfig(raw: unknown): Validation<SimulationConfig> {
  const ctx: FieldCheck = { issues: [] };
  if (raw === undefined) raw = {};
  if (!isPlainObject(raw)) {
    return { ok: false, issues: [{ field: '(config)', value: raw, allowed: 'a JSON object' }] };
  }
  noUnknownKeys(ctx, raw, CONFIG_FIELDS);
  const v = <K extends keyof SimulationConfig>(k: K): unknown => (k in raw ? raw[k] : DEFAULT_CONFIG[k]);

  const inputDim = intIn(ctx, 'inputDim', v('inputDim'), 1, MAX_DIM);
  const outputDim = intIn(ctx, 'outputDim', v('outputDim'), 1, MAX_DIM);
  const examples = intIn(ctx, 'examples', v('examples'), 1, MAX_DIM);
  const rankMax = inputDim !== undefined && outputDim !== undefined ? Math.min(inputDim, outputDim) : MAX_DIM;
  const teacherSingularValues = spectrumField(
    ctx,
    'teacherSingularValues',
    v('teacherSingularValues'),
    rankMax,
    `array of length 1–${rankMax} (the rank cannot exceed min(inputDim, outputDim))`,
  );
  const common = commonFields(ctx, v, MAX_DIM, (k) => k in raw);
  const inputs = oneOf(ctx, 'inputs', v('inputs'), ['orthogonal', 'gaussian', 'onehot'] as const);
  if (inputs === 'onehot' && inputDim !== undefined && examples !== undefined && inputDim !== examples) {
    ctx.issues.push({
      field: 'inputs',
      value: inputs,
      allowed: `"onehot" needs examples = inputDim (${inputDim}); use "orthogonal"`,
    });
  }
  const integrator = oneOf(ctx, 'integrator', v('integrator'), ['gd', 'flow'] as const);
  const flowTolerance = numIn(ctx, 'flowTolerance', v('flowTolerance'), 1e-14, 1e-3);
  const { hiddenDims, noiseStd, learningRate, initScale, epochs, reportEvery, runs, seed } = common;
  const nonlinear = activationFields(
    ctx,
    (k) => raw[k],
    (k) => k in raw,
  );
  const init = 'init' in raw ? common.init : (nonlinear.init ?? common.init);
  const update = 'update' in raw ? common.update : (nonlinear.update ?? common.update);

  if (ctx.issues.length > 0) return { ok: false, issues: ctx.issues };
  const config: SimulationConfig = {
    inputDim: inputDim!,
    hiddenDims: hiddenDims!,
    outputDim: outputDim!,
    examples: examples!,
    teacherSingularValues: teacherSingularValues!,
    noiseStd: noiseStd!,
    learningRate: learningRate!,
    initScale: initScale!,
    init: init!,
    update: update!,
    inputs: inputs!,
    integrator: integrator!,
    flowTolerance: flowTolerance!,
    epochs: epochs!,
    reportEvery: reportEvery!,
    runs: runs!,
    seed: seed!,
    ...(nonlinear.activation ? { activation: nonlinear.activation } : {}),
    ...(nonlinear.leakySlope !== undefined ? { leakySlope: nonlinear.leakySlope } : {}),
  };
  const memory = memoryIssues(config);
  return memory.length > 0 ? { ok: false, issues: memory } : { ok: true, config };
}

/** Validates and returns the resolved config, or throws `ConfigError` listing every issue. */
export function resolveConfig(raw: unknown): SimulationConfig {
  const r = validateConfig(raw);
  if (!r.ok) throw new ConfigError(r.issues);
  return r.config;
}

/** Number of recorded epochs: 0, r, 2r, … ≤ epochs. */
export function recordCount(epochs: number, reportEvery: number): number {
  return Math.floor(epochs / reportEvery) + 1;
}

/** The recorded epochs 0, r, 2r, … ≤ epochs, shared by simulation and theory. */
export function epochGrid(epochs: number, reportEvery: number): number[] {
  const n = recordCount(epochs, reportEvery);
  return Array.from({ length: n }, (_, i) => i * reportEvery);
}

/**
 * Float64 values a run holds at once (data, statistics, layers, SVDs, workspace) and its
 * records over all runs; sizes that would not fit are refused up front, naming the field.
 */
export function memoryIssues(c: SimulationConfig): ConfigIssue[] {
  const { inputDim: n1, outputDim: n3, examples: p } = c;
  const widths = [n1, ...c.hiddenDims, n3];
  let layers = 0;
  for (let l = 1; l < widths.length; l++) layers += widths[l] * widths[l - 1];
  const maxW = Math.max(...widths);
  const data = 3 * n3 * p + n1 * p + n1 * n1 + 4 * n3 * n1 + 2 * Math.min(n1, n3) * (n1 + n3);
  const perRun = data + 3 * layers + 2 * maxW * maxW;
  const issues: ConfigIssue[] = [];
  if (perRun > MAX_FLOATS) {
    const sizes: [string, number][] = [
      ['inputDim', n1],
      ['outputDim', n3],
      ['examples', p],
      ['hiddenDims', Math.max(...c.hiddenDims)],
    ];
    const [field, value] = sizes.reduce((a, b) => (b[1] > a[1] ? b : a));
    issues.push({
      field,
      value,
      allowed: `sizes whose matrices fit in memory: this config needs ${((perRun * 8) / 1e9).toFixed(1)} GB per run, the limit is ${((MAX_FLOATS * 8) / 1e9).toFixed(1)} GB`,
    });
  }
  // Every recorded value is held three times at the end of a run: in the worker that recorded it, in the
  // copy sent to the main thread, and in the result document (the mean curves and the per-run arrays).
  const records = recordCount(c.epochs, c.reportEvery) * (2 + Math.min(n1, n3)) * c.runs * RECORD_COPIES;
  if (records > MAX_FLOATS) {
    issues.push({
      field: 'reportEvery',
      value: c.reportEvery,
      allowed: `a recording interval that keeps the records in memory: ${records.toExponential(2)} values requested, limit ${MAX_FLOATS.toExponential(1)} (raise reportEvery or lower runs/epochs)`,
    });
  }
  return issues;
}
