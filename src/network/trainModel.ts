import { NumericalError } from '../config/errors.js';
import type { Mat } from '../linalg/mat.js';
import { solveDop853 } from '../numerics/dop853.js';
import type { Rng } from '../random/rng.js';
import { matmul } from '../linalg/gemm.js';
import { svd } from '../linalg/svd.js';
import type { Task } from '../task/task.js';
import {
  cloneWeights,
  initialWeights,
  isLinearStudent,
  validateModel,
  type HeadData,
  type ModelSpec,
  type ModelWeights,
} from './model.js';
import { runGradientDescentOn, type EpochProblem, type ProgramTeam } from './trainer.js';
import { modelGradient, modelLoss, referenceStep, type LossReduction } from './reference.js';
import { runSchedule } from './schedule.js';
import { runFused } from './fusedSgd.js';
import { sequentialStep } from './sequentialStep.js';

/** What a sink sees at a recorded epoch: the epoch and the current weights (valid only during the call). */
export interface RecordView {
  readonly epoch: number;
  readonly weights: ModelWeights;
}

/** Receives the record views of a run, at epochs 0, r, 2r, … ≤ epochs. */
export type Sink = (view: RecordView) => void;

/** Options of `trainModel`, common to every integrator. */
export interface TrainModelOptions {
  /**
   * 'gd': full-batch gradient descent (reference step; sequential order for any model, sequentialStep.ts beyond linear students);
   * 'sgd': minibatch SGD with seeded shuffles; 'flow': the gradient flow by DOP853, recorded at t epochs ↔ λt.
   */
  readonly integrator: 'gd' | 'sgd' | 'flow';
  readonly learningRate: number;
  /** GD: steps; SGD: passes over head 0's examples; flow: the time λ·epochs. */
  readonly epochs: number;
  /** Record every this many epochs (and at epoch 0). */
  readonly reportEvery: number;
  /** GD only: 'sequential' (each layer sees the updated lower layers; any model) or 'simultaneous' (default). */
  readonly update?: 'sequential' | 'simultaneous';
  /** Per-example losses summed (default, THEORY §0.3) or averaged per head over its batch. */
  readonly reduction?: LossReduction;
  /** SGD: examples per minibatch (the last batch of a pass may be smaller). */
  readonly batchSize?: number;
  /**
   * How several heads share the trunk. 'joint' (default): every step descends the sum of the heads'
   * losses (SGD: batch b of every head that has one). 'alternating' (SGD only): after each head-0
   * batch, ⌊P_k/P_0⌋ batches of each further head k, each step moving the trunk and that head only.
   */
  readonly headSchedule?: 'joint' | 'alternating';
  /** SGD: the stream of the shuffles (head k shuffles from rng.fork(`shuffle<k>`)); init draws use fork('init'). */
  readonly rng?: Rng;
  /** Flow: relative tolerance (default 1e-10). */
  readonly flowTolerance?: number;
  readonly sink?: Sink;
  /**
   * GD on a linear single-head student without biases: 'reference' (default) runs `referenceStep`;
   * 'kernels' runs the planned kernel program (WebAssembly SIMD, 'kernels-js' its bit-identical
   * JavaScript twins) with Σ31 = YXᵀ and a general Σ11 = XXᵀ, frozen layers left out of the program.
   * 'fused' (any model, SGD or simultaneous GD): the same steps on fused loops (fusedSgd.ts).
   */
  readonly backend?: 'reference' | 'kernels' | 'kernels-js' | 'fused';
  /**
   * backend 'kernels': helper threads that share every epoch's products in blocks of output rows
   * (src/parallel/team.ts), used while measured faster than this thread alone; byte-identical.
   */
  readonly team?: ProgramTeam;
  /** Called once per epoch with the epoch index (progress). */
  readonly onEpoch?: (epoch: number) => void;
}

/** Validates the options that do not depend on the model; throws a ConfigError-style RangeError naming the field. */
function checkOptions(o: TrainModelOptions, model: ModelSpec, data: readonly HeadData[]): void {
  const fail = (field: string, value: unknown, allowed: string) => {
    throw new RangeError(`${field}: got ${String(value)}; allowed: ${allowed}`);
  };
  if (!['gd', 'sgd', 'flow'].includes(o.integrator)) fail('integrator', o.integrator, "'gd', 'sgd' or 'flow'");
  if (!(o.learningRate > 0 && Number.isFinite(o.learningRate)))
    fail('learningRate', o.learningRate, 'finite number > 0');
  if (!(Number.isInteger(o.epochs) && o.epochs >= 0)) fail('epochs', o.epochs, 'integer ≥ 0');
  if (!(Number.isInteger(o.reportEvery) && o.reportEvery >= 1)) fail('reportEvery', o.reportEvery, 'integer ≥ 1');
  if (data.length !== model.heads.length)
    fail('data', `${data.length} heads`, `one { x, y } per head (${model.heads.length})`);
  data.forEach((d, k) => {
    if (d.x.rows !== model.inputDim)
      fail(`data[${k}].x`, `${d.x.rows}×${d.x.cols}`, `${model.inputDim} rows (inputDim)`);
    if (d.y.rows !== model.heads[k].outputDim || d.y.cols !== d.x.cols)
      fail(`data[${k}].y`, `${d.y.rows}×${d.y.cols}`, `${model.heads[k].outputDim}×${d.x.cols}`);
  });
  if (o.integrator === 'sgd') {
    if (!(Number.isInteger(o.batchSize) && o.batchSize! >= 1)) fail('batchSize', o.batchSize, 'integer ≥ 1 (SGD)');
    if (!o.rng) fail('rng', o.rng, 'a seeded Rng (SGD shuffles)');
  }
  if (o.update === 'sequential' && o.integrator !== 'gd')
    fail('update', o.update, "'simultaneous' (sequential order exists for GD only)");
  if (o.headSchedule === 'alternating' && o.integrator !== 'sgd')
    fail('headSchedule', o.headSchedule, "'joint' ('alternating' is an SGD schedule)");
}

/** Result of `trainModel`: the final weights. */
export interface TrainModelResult {
  readonly weights: ModelWeights;
}

/**
 * Trains any model of model.ts from its init (drawn from rng.fork('init') when not given) on the
 * heads' data with the chosen integrator, calling `sink` at epochs 0, r, 2r, …. The plain reference
 * engine: GD, SGD and flow all descend `modelGradient`. Throws NumericalError when the loss stops being finite.
 */
export function trainModel(
  model: ModelSpec,
  data: readonly HeadData[],
  options: TrainModelOptions,
  start?: ModelWeights,
): TrainModelResult {
  validateModel(model);
  checkOptions(options, model, data);
  const w0 = start ? cloneWeights(start) : initialWeights(model, (options.rng ?? noRng()).fork('init'), data);
  if (options.integrator === 'flow') return { weights: runFlow(model, data, options, w0) };
  if (options.backend === 'fused') {
    const ctx = {
      batches: shuffledBatches,
      record: (w: ModelWeights, epoch: number) => record(model, w, data, options, epoch),
    };
    return { weights: runFused(model, data, options, w0, ctx) };
  }
  if (options.integrator === 'sgd') return { weights: runSgd(model, data, options, w0) };
  if ((options.backend ?? 'reference') !== 'reference') {
    if (!isLinearStudent(model))
      throw new RangeError(
        `backend: got '${options.backend}'; allowed: 'reference' for models other than linear single-head students without biases`,
      );
    return { weights: runKernels(model, data[0], options, w0) };
  }
  let w = w0;
  runSchedule(
    options,
    () =>
      (w =
        options.update === 'sequential' && !isLinearStudent(model)
          ? sequentialStep(model, w, data, { learningRate: options.learningRate, reduction: options.reduction })
          : referenceStep(model, w, data, {
              learningRate: options.learningRate,
              update: options.update,
              reduction: options.reduction,
            })),
    (epoch) => record(model, w, data, options, epoch),
  );
  return { weights: w };
}

function noRng(): Rng {
  const refuse = (): never => {
    throw new RangeError("rng: got nothing; allowed: a seeded Rng (needed to draw a 'random' or 'aligned' init)");
  };
  const none: Rng = { path: '', uniform: refuse, normal: refuse, fork: () => none };
  return none;
}

/** Checks the loss is finite (else NumericalError) and hands the record view to the sink. */
function record(
  model: ModelSpec,
  w: ModelWeights,
  data: readonly HeadData[],
  o: TrainModelOptions,
  epoch: number,
): void {
  const loss = modelLoss(model, w, data, o.reduction);
  if (!Number.isFinite(loss)) {
    throw new NumericalError(
      `training diverged at epoch ${epoch} (the loss is not finite) with learningRate ${o.learningRate}: lower learningRate`,
    );
  }
  o.sink?.({ epoch, weights: w });
}

/** The examples of `d` in columns `idx`. */
function batchOf(d: HeadData, idx: readonly number[]): HeadData {
  const pick = (m: Mat): Mat => {
    const out = new Float64Array(m.rows * idx.length);
    for (let i = 0; i < m.rows; i++)
      for (let j = 0; j < idx.length; j++) out[i * idx.length + j] = m.data[i * m.cols + idx[j]];
    return { rows: m.rows, cols: idx.length, data: out };
  };
  return { x: pick(d.x), y: pick(d.y) };
}

/** A seeded Fisher–Yates permutation of 0 … n−1 from `rng`. */
export function shuffled(n: number, rng: Rng): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** SGD's minibatches of one pass: consecutive slices of `size` of a fresh seeded shuffle of 0 … n−1 (the last may be short). */
export function shuffledBatches(n: number, size: number, rng: Rng): number[][] {
  const p = shuffled(n, rng);
  const out: number[][] = [];
  for (let i = 0; i < n; i += size) out.push(p.slice(i, i + size));
  return out;
}

function runSgd(model: ModelSpec, data: readonly HeadData[], o: TrainModelOptions, w0: ModelWeights): ModelWeights {
  const size = o.batchSize!;
  const streams = data.map((_, k) => o.rng!.fork(`shuffle${k}`));
  const step = (w: ModelWeights, batch: HeadData[], heads: number[]) =>
    referenceStep(model, w, batch, { learningRate: o.learningRate, reduction: o.reduction, heads });
  // Heads other than 0 in the alternating schedule draw batches continuously, reshuffling when a pass ends.
  const queues: number[][][] = data.map(() => []);
  const nextBatch = (k: number) => {
    if (queues[k].length === 0) queues[k] = shuffledBatches(data[k].x.cols, size, streams[k]);
    return queues[k].shift()!;
  };
  let w = w0;
  const pass = () => {
    if (o.headSchedule === 'alternating') {
      const main = shuffledBatches(data[0].x.cols, size, streams[0]);
      for (const b of main) {
        const batch = data.map((d) => d);
        batch[0] = batchOf(data[0], b);
        w = step(w, batch, [0]);
        for (let k = 1; k < data.length; k++) {
          const ratio = Math.max(1, Math.floor(data[k].x.cols / data[0].x.cols));
          for (let r = 0; r < ratio; r++) {
            const other = data.map((d) => d);
            other[k] = batchOf(data[k], nextBatch(k));
            w = step(w, other, [k]);
          }
        }
      }
    } else {
      const perHead = data.map((d, k) => shuffledBatches(d.x.cols, size, streams[k]));
      const count = Math.max(...perHead.map((b) => b.length));
      for (let i = 0; i < count; i++) {
        const heads = perHead.map((b, k) => (i < b.length ? k : -1)).filter((k) => k >= 0);
        const batch = data.map((d, k) => (i < perHead[k].length ? batchOf(d, perHead[k][i]) : d));
        w = step(w, batch, heads);
      }
    }
  };
  runSchedule(o, pass, (epoch) => record(model, w, data, o, epoch));
  return w;
}

/** Packs the trainable (non-frozen) entries of weights and biases into one vector, or unpacks it. */
function packer(model: ModelSpec, w: ModelWeights) {
  const frozen = new Set(model.frozen ?? []);
  const parts: Float64Array[] = [];
  w.layers.forEach((l, i) => {
    if (frozen.has(i + 1)) return;
    parts.push(l.data);
    if (w.biases) parts.push(w.biases[i]);
  });
  const dim = parts.reduce((n, p) => n + p.length, 0);
  return {
    dim,
    parts,
    pack(into: Float64Array, from: readonly Float64Array[]) {
      let off = 0;
      for (const p of from) {
        into.set(p, off);
        off += p.length;
      }
    },
    unpack(from: Float64Array) {
      let off = 0;
      for (const p of parts) {
        p.set(from.subarray(off, off + p.length));
        off += p.length;
      }
    },
  };
}

function runFlow(model: ModelSpec, data: readonly HeadData[], o: TrainModelOptions, w0: ModelWeights): ModelWeights {
  const w = cloneWeights(w0);
  const frozen = new Set(model.frozen ?? []);
  const p = packer(model, w);
  const state = new Float64Array(p.dim);
  p.pack(state, p.parts);
  const lr = o.learningRate;
  const every = o.reportEvery;
  const last = Math.floor(o.epochs / every) * every;
  const outputs: number[] = [];
  for (let t = 0; t <= last; t += every) outputs.push(lr * t);
  const rtol = o.flowTolerance ?? 1e-10;
  let yMax = 0;
  for (const v of state) yMax = Math.max(yMax, Math.abs(v));
  let progressed = 0;
  solveDop853(
    {
      dim: p.dim,
      state,
      rhs(out) {
        p.unpack(state);
        const g = modelGradient(model, w, data, { reduction: o.reduction });
        const parts: Float64Array[] = [];
        g.layers.forEach((l, i) => {
          if (frozen.has(i + 1)) return;
          parts.push(l.data);
          if (g.biases) parts.push(g.biases[i]);
        });
        p.pack(out, parts);
        for (let i = 0; i < out.length; i++) out[i] = -out[i];
      },
    },
    {
      rtol,
      atol: 1e-3 * rtol * Math.max(yMax, 1e-300),
      outputs,
      onOutput(index) {
        p.unpack(state);
        record(model, w, data, o, index * every);
      },
      onStep: o.onEpoch
        ? (tNew) => {
            const upTo = Math.min(last, Math.floor(tNew / lr));
            for (; progressed < upTo; progressed++) o.onEpoch!(progressed);
          }
        : undefined,
    },
  );
  p.unpack(state);
  return w;
}

/**
 * Linear GD on the planned kernel program: the problem Σ31 = YXᵀ, Σ11 = XXᵀ ('general'; the
 * program forms (WX)Xᵀ when 2P < N1), learning rate λ/P for the 'mean' reduction.
 */
function runKernels(model: ModelSpec, d: HeadData, o: TrainModelOptions, w0: ModelWeights): ModelWeights {
  const sigma31 = matmul(d.y, d.x, { transB: true });
  const sigma11 = matmul(d.x, d.x, { transB: true });
  const problem: EpochProblem = {
    spec: { inputDim: model.inputDim, outputDim: model.heads[0].outputDim },
    sigma11Kind: 'general',
    sigma11Scale: 1,
    sigma31,
    sigma11,
    x: d.x,
  };
  // What a divergence message reads of a task (its stable learning rate): Σ11, its kind and ŝ1.
  const divergenceContext = { ...problem, svd31: svd(sigma31) } as unknown as Task;
  const lr = o.learningRate * (o.reduction === 'mean' ? 1 / d.x.cols : 1);
  const layers = w0.layers;
  const view = { layers: layers.map((l) => ({ rows: l.rows, cols: l.cols, data: new Float64Array(l.data.length) })) };
  runGradientDescentOn(divergenceContext, problem, layers, {
    update: o.update ?? 'simultaneous',
    training: { learningRate: lr, epochs: o.epochs, reportEvery: o.reportEvery },
    kernels: o.backend === 'kernels-js' ? 'js' : 'auto',
    team: o.backend === 'kernels' ? o.team : undefined,
    frozen: model.frozen,
    onEpoch: o.onEpoch,
    record: (epoch, arenaLayers) => {
      arenaLayers.forEach((l, i) => view.layers[i].data.set(l.data));
      o.sink?.({ epoch, weights: view });
    },
  });
  return { layers };
}
