import { activationFields, isNonlinearConfig, type StudentActivation } from '../config/activationFields.js';
import { teacherActivationFields } from '../config/teacherActivationFields.js';
import { ConfigError, type ConfigIssue } from '../config/errors.js';
import {
  arrayOf,
  commonFields,
  intIn,
  isPlainObject,
  noUnknownKeys,
  numIn,
  spectrumField,
  type FieldCheck,
} from '../config/fields.js';
import {
  MAX_DIM,
  MAX_FLOATS,
  memoryIssues,
  recordCount,
  type InitKind,
  type SimulationConfig,
  type UpdateOrder,
  type Validation,
} from '../config/simulationConfig.js';

/**
 * A transfer experiment (THEORY.md §8.1): target task A and other task B with their own output
 * blocks, sharing the input layer; input features aligned by q (per mode pair for ranks > 1);
 * joint, A-alone and B-alone students trained on one noise draw.
 */
export interface TransferConfig {
  /** N1, input dimension (shared). */
  readonly inputDim: number;
  /** N2 of each hidden layer, the same for the joint and the two alone students; D_w = length + 1. */
  readonly hiddenDims: readonly number[];
  /** N3^A, outputs of the target task A. */
  readonly outputDimA: number;
  /** N3^B, outputs of the other task B. */
  readonly outputDimB: number;
  /** P, training examples (shared). P = N1 uses one-hot inputs, as the paper; otherwise Haar orthonormal inputs (§1). */
  readonly examples: number;
  /** s̄_A, non-increasing, first > 0; rank r_A = length. */
  readonly singularValuesA: readonly number[];
  /** s̄_B, non-increasing, first > 0; rank r_B = length; r_A + r_B ≤ N1. */
  readonly singularValuesB: readonly number[];
  /**
   * q: v̄_{A,i}·v̄_{B,i} for the i-th mode pair, i < min(r_A, r_B); a number applies to every pair,
   * a list gives one alignment per pair. Q = V̄_Aᵀ V̄_B is diagonal with these entries (§8.1–§8.2).
   */
  readonly alignment: number | readonly number[];
  /** σ_z in the 1/N1 convention: noise entries N(0, σ_z²/N1) (§0.3); the paper's transfer runs are σ_z = √2 (§12 F1). */
  readonly noiseStd: number;
  readonly learningRate: number;
  /** ε, singular value of each student's initial end-to-end map. */
  readonly initScale: number;
  readonly init: InitKind;
  readonly update: UpdateOrder;
  readonly epochs: number;
  readonly reportEvery: number;
  readonly runs: number;
  readonly seed: number;
  /**
   * Nonlinearity after every hidden layer of all three students (linear output), THEORY.md §9.6, §10 F11:
   * absent for linear students (the default), "leakyRelu" or "relu". Such students are simulated only.
   */
  readonly activation?: StudentActivation;
  /** Negative-side slope of "leakyRelu" in [0, 1] (default 0.01); present only with it. */
  readonly leakySlope?: number;
  /**
   * "leakyRelu": both teachers are leaky-ReLU networks (§8.7, §10 F11; one-hot inputs only); absent for the
   * linear teachers (1.1), the default. Such pairs are simulated only.
   */
  readonly teacherActivation?: 'leakyRelu';
  /** The teachers' negative-side slope in [0, 1] (default 0.2, F11's); present only with teacherActivation. */
  readonly teacherLeakySlope?: number;
}

/**
 * The paper's transfer setting (THEORY.md §8.1, §10 F7): N1 = P = 100, N3^A = N3^B = 50, N2 = 50,
 * σ_z = √2, λ = 1e-3, ε = 1e-5, 5000 epochs recorded every 5, 10 runs; the pair is the F7 panel A
 * target s̄_A = 0.84 (not learnable alone) with a strong aligned partner s̄_B = 10, q = 0.9.
 */
export const DEFAULT_TRANSFER_CONFIG: TransferConfig = Object.freeze({
  inputDim: 100,
  hiddenDims: Object.freeze([50]),
  outputDimA: 50,
  outputDimB: 50,
  examples: 100,
  singularValuesA: Object.freeze([0.84]),
  singularValuesB: Object.freeze([10]),
  alignment: 0.9,
  noiseStd: Math.SQRT2,
  learningRate: 1e-3,
  initScale: 1e-5,
  init: 'aligned',
  update: 'sequential',
  epochs: 5000,
  reportEvery: 5,
  runs: 10,
  seed: 0,
}) as TransferConfig;

/** The transfer config's field names, in documentation order. */
export const TRANSFER_CONFIG_FIELDS = [
  ...Object.keys(DEFAULT_TRANSFER_CONFIG),
  'activation',
  'leakySlope',
  'teacherActivation',
  'teacherLeakySlope',
] as (keyof TransferConfig)[];

/** True when the linear transfer theory (§8) applies: linear students and linear teachers. */
export function transferHasTheory(c: TransferConfig): boolean {
  return !isNonlinearConfig(c) && c.teacherActivation === undefined;
}

/** Number of mode pairs min(r_A, r_B), each with its own alignment (§8.2). */
export function modePairs(c: Pick<TransferConfig, 'singularValuesA' | 'singularValuesB'>): number {
  return Math.min(c.singularValuesA.length, c.singularValuesB.length);
}

/** The per-pair alignments q_i of a config (a number is repeated for every pair), §8.1. */
export function alignmentsOf(c: Pick<TransferConfig, 'singularValuesA' | 'singularValuesB' | 'alignment'>): number[] {
  const n = modePairs(c);
  return typeof c.alignment === 'number' ? new Array<number>(n).fill(c.alignment) : [...c.alignment];
}

/** Checks a raw (parsed JSON) transfer config, fills defaults from F7, and collects every problem found (§8.1). */
export function validateTransferConfig(raw: unknown): Validation<TransferConfig> {
  const ctx: FieldCheck = { issues: [] };
  if (raw === undefined) raw = {};
  if (!isPlainObject(raw)) return { ok: false, issues: [{ field: '(config)', value: raw, allowed: 'a JSON object' }] };
  noUnknownKeys(ctx, raw, TRANSFER_CONFIG_FIELDS);
  const v = <K extends keyof TransferConfig>(k: K): unknown => (k in raw ? raw[k] : DEFAULT_TRANSFER_CONFIG[k]);

  const inputDim = intIn(ctx, 'inputDim', v('inputDim'), 1, MAX_DIM);
  const outputDimA = intIn(ctx, 'outputDimA', v('outputDimA'), 1, MAX_DIM);
  const outputDimB = intIn(ctx, 'outputDimB', v('outputDimB'), 1, MAX_DIM);
  const examples = intIn(ctx, 'examples', v('examples'), 1, MAX_DIM);
  const singularValuesA = spectrum(ctx, 'singularValuesA', v('singularValuesA'), inputDim, outputDimA, 'outputDimA');
  const rankA = singularValuesA?.length ?? 0;
  // The input features of the two tasks come from r_A + r_B orthonormal directions (§8.1).
  const roomB = inputDim !== undefined ? Math.max(0, inputDim - rankA) : MAX_DIM;
  const singularValuesB = spectrum(
    ctx,
    'singularValuesB',
    v('singularValuesB'),
    roomB,
    outputDimB,
    'outputDimB',
    rankA,
  );
  const alignment = alignmentField(ctx, v('alignment'), singularValuesA, singularValuesB);
  const common = commonFields(ctx, v, MAX_DIM, (k) => k in raw);
  const { hiddenDims, noiseStd, learningRate, initScale, epochs, reportEvery, runs, seed } = common;
  // Nonlinear students (§9.6): random init and the simultaneous update unless the config names them.
  const nonlinear = activationFields(
    ctx,
    (k) => raw[k],
    (k) => k in raw,
  );
  const teacher = teacherActivationFields(
    ctx,
    (k) => raw[k],
    (k) => k in raw,
    inputDim !== undefined && examples !== undefined ? inputDim === examples : undefined,
  );
  const init = 'init' in raw ? common.init : (nonlinear.init ?? common.init);
  const update = 'update' in raw ? common.update : (nonlinear.update ?? common.update);

  if (ctx.issues.length > 0) return { ok: false, issues: ctx.issues };
  const config: TransferConfig = {
    inputDim: inputDim!,
    hiddenDims: hiddenDims!,
    outputDimA: outputDimA!,
    outputDimB: outputDimB!,
    examples: examples!,
    singularValuesA: singularValuesA!,
    singularValuesB: singularValuesB!,
    alignment: alignment!,
    noiseStd: noiseStd!,
    learningRate: learningRate!,
    initScale: initScale!,
    init: init!,
    update: update!,
    epochs: epochs!,
    reportEvery: reportEvery!,
    runs: runs!,
    seed: seed!,
    ...(nonlinear.activation ? { activation: nonlinear.activation } : {}),
    ...(nonlinear.leakySlope !== undefined ? { leakySlope: nonlinear.leakySlope } : {}),
    ...(teacher.teacherActivation ? { teacherActivation: teacher.teacherActivation } : {}),
    ...(teacher.teacherLeakySlope !== undefined ? { teacherLeakySlope: teacher.teacherLeakySlope } : {}),
  };
  const memory = transferMemoryIssues(config);
  return memory.length > 0 ? { ok: false, issues: memory } : { ok: true, config };
}

/** Validates and returns the resolved transfer config, or throws `ConfigError` listing every issue (§8.1). */
export function resolveTransferConfig(raw: unknown): TransferConfig {
  const r = validateTransferConfig(raw);
  if (!r.ok) throw new ConfigError(r.issues);
  return r.config;
}

/** A task's spectrum: rank capped by the room left in the inputs and by its output dimension (§8.1). */
function spectrum(
  ctx: FieldCheck,
  field: string,
  raw: unknown,
  room: number | undefined,
  outputDim: number | undefined,
  outputField: string,
  otherRank = 0,
): number[] | undefined {
  const byRoom = room ?? MAX_DIM;
  const byOutputs = outputDim ?? MAX_DIM;
  const allowed =
    byRoom < byOutputs
      ? `at most ${byRoom} values: the input features of both tasks are orthonormal directions, so rank A + rank B ≤ inputDim` +
        (otherRank > 0 ? ` (rank A is ${otherRank})` : '')
      : `at most ${byOutputs} values (the rank cannot exceed ${outputField})`;
  return spectrumField(ctx, field, raw, Math.min(byRoom, byOutputs), allowed);
}

/** q in [0, 1], or a list of one q in [0, 1] per mode pair. */
function alignmentField(
  ctx: FieldCheck,
  raw: unknown,
  a: readonly number[] | undefined,
  b: readonly number[] | undefined,
): number | number[] | undefined {
  if (typeof raw === 'number' || !Array.isArray(raw)) return numIn(ctx, 'alignment', raw, 0, 1);
  const pairs = a && b ? Math.min(a.length, b.length) : undefined;
  if (pairs !== undefined && raw.length !== pairs) {
    ctx.issues.push({
      field: 'alignment',
      value: raw,
      allowed: `a number in [0, 1], or a list of ${pairs} number(s) in [0, 1], one per mode pair min(rank A, rank B) = ${pairs}`,
    });
    return undefined;
  }
  return arrayOf(ctx, 'alignment', raw, 1, MAX_DIM, (f, x) => numIn(ctx, f, x, 0, 1));
}

/** The single-task shape of one student of the experiment (for sizes and memory). */
function studentShape(c: TransferConfig, outputDim: number, values: readonly number[]): SimulationConfig {
  return {
    inputDim: c.inputDim,
    hiddenDims: c.hiddenDims,
    outputDim,
    examples: c.examples,
    teacherSingularValues: values,
    noiseStd: c.noiseStd,
    learningRate: c.learningRate,
    initScale: c.initScale,
    init: c.init,
    update: c.update,
    inputs: 'orthogonal',
    integrator: 'gd',
    flowTolerance: 1e-10,
    epochs: c.epochs,
    reportEvery: c.reportEvery,
    runs: c.runs,
    seed: c.seed,
  };
}

/**
 * Sizes that would not fit in memory, refused up front: the joint student (N3^A + N3^B outputs)
 * is the largest of the three; records hold 11 curves per run (8 errors of §8.3 and 3 benefits).
 */
export function transferMemoryIssues(c: TransferConfig): ConfigIssue[] {
  const joint = studentShape(c, c.outputDimA + c.outputDimB, [...c.singularValuesA, ...c.singularValuesB]);
  const issues = memoryIssues({ ...joint, runs: 1, reportEvery: Math.max(1, c.epochs) }).map((i) =>
    i.field === 'outputDim' ? { ...i, field: c.outputDimA >= c.outputDimB ? 'outputDimA' : 'outputDimB' } : i,
  );
  const records = recordCount(c.epochs, c.reportEvery) * 11 * c.runs;
  if (records > MAX_FLOATS) {
    issues.push({
      field: 'reportEvery',
      value: c.reportEvery,
      allowed: `a recording interval that keeps the records in memory: ${records.toExponential(2)} values requested, limit ${MAX_FLOATS.toExponential(1)} (raise reportEvery or lower runs/epochs)`,
    });
  }
  return issues;
}
