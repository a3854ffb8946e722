import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import { frobeniusSq } from '../linalg/norms.js';
import { svd } from '../linalg/svd.js';
import { endToEnd } from '../network/product.js';
import type { ModelSpec } from '../network/model.js';
import { trainStudent } from '../network/train.js';
import { trainModel } from '../network/trainModel.js';
import { createRng } from '../random/rng.js';
import type { Task } from '../task/task.js';

/** A regression problem for the engine: inputs X (N1×P) and targets y (N3×P); `reference` is the map errors are measured against. */
export interface RegressionProblem {
  readonly x: Mat;
  readonly y: Mat;
  readonly reference: Mat;
}

/** How to train from given weights: GD settings, the early stop on the loss, and how many input-side layers stay frozen. */
export interface TrainFromSpec {
  readonly learningRate: number;
  readonly epochs: number;
  readonly reportEvery: number;
  readonly update: 'sequential' | 'simultaneous';
  /** Stop at the first recorded epoch where ½‖y − WX‖² ≤ stopLoss (0: run every epoch). */
  readonly stopLoss: number;
  /** Layers 1…k keep their initial values. */
  readonly freezeLayers: number;
}

/** Called at every recorded epoch with the layers and the end-to-end map (do not keep references: copy what you need). */
export type StepObserver = (epoch: number, layers: readonly Mat[], w: Mat) => void;

/** The trained layers and the epoch at which training stopped. */
export interface TrainFromResult {
  readonly layers: Mat[];
  readonly lastEpoch: number;
}

/** ½‖y − WX‖²_F, the training loss (THEORY.md §0.3). */
export function trainLoss(w: Mat, problem: Pick<RegressionProblem, 'x' | 'y'>): number {
  const wx = matmul(w, problem.x);
  let s = 0;
  for (let i = 0; i < wx.data.length; i++) s += (problem.y.data[i] - wx.data[i]) ** 2;
  return 0.5 * s;
}

/**
 * Full-batch GD from the given layers through the training engine (src/network), recorded at epochs 0, r, 2r, …
 * and at the last epoch; stops early once the loss is ≤ stopLoss at a recorded epoch. The input layers are copied.
 * Without frozen layers it runs the fast path for linear students (`trainStudent`, which throws DivergenceError on
 * divergence); with layers 1…k frozen, the model engine (`trainModel` with `frozen`, which throws NumericalError).
 */
export function trainFrom(
  problem: RegressionProblem,
  initial: readonly Mat[],
  spec: TrainFromSpec,
  observe: StepObserver,
): TrainFromResult {
  const step = spec.freezeLayers > 0 ? frozenStep(problem, initial, spec) : fastStep(problem, initial, spec);
  let layers: Mat[] = initial.map((l) => ({ rows: l.rows, cols: l.cols, data: new Float64Array(l.data) }));
  let epoch = 0;
  observe(0, layers, endToEnd(layers));
  if (spec.stopLoss > 0 && trainLoss(endToEnd(layers), problem) <= spec.stopLoss) return { layers, lastEpoch: 0 };
  while (epoch < spec.epochs) {
    const chunk = Math.min(spec.reportEvery - (epoch % spec.reportEvery), spec.epochs - epoch);
    layers = step(layers, chunk);
    epoch += chunk;
    const w = endToEnd(layers);
    observe(epoch, layers, w);
    if (spec.stopLoss > 0 && trainLoss(w, problem) <= spec.stopLoss) break;
  }
  return { layers, lastEpoch: epoch };
}

/** `chunk` GD epochs from `layers` on the engine's fast path for linear students (no frozen layers). */
function fastStep(
  problem: RegressionProblem,
  initial: readonly Mat[],
  spec: TrainFromSpec,
): (layers: Mat[], chunk: number) => Mat[] {
  const task = regressionTask(problem);
  const depth = initial.length;
  const student = {
    hiddenDims: initial.slice(0, depth - 1).map((l) => l.rows),
    init: 'random' as const,
    initScale: 1,
    update: spec.update,
  };
  return (layers, chunk) =>
    trainStudent(task, student, { learningRate: spec.learningRate, epochs: chunk, reportEvery: chunk }, createRng(0), {
      initialLayers: layers,
      inputReduction: 'off',
    }).finalLayers;
}

/** `chunk` GD epochs from `layers` on the engine's model path, with weight matrices 1…freezeLayers frozen. */
function frozenStep(
  problem: RegressionProblem,
  initial: readonly Mat[],
  spec: TrainFromSpec,
): (layers: Mat[], chunk: number) => Mat[] {
  const depth = initial.length;
  const model: ModelSpec = {
    inputDim: problem.x.rows,
    hiddenDims: initial.slice(0, depth - 1).map((l) => l.rows),
    heads: [{ outputDim: problem.y.rows }],
    frozen: Array.from({ length: spec.freezeLayers }, (_, i) => i + 1),
    init: { kind: 'given', weights: initial },
  };
  const data = [{ x: problem.x, y: problem.y }];
  return (layers, chunk) =>
    trainModel(
      model,
      data,
      { integrator: 'gd', learningRate: spec.learningRate, epochs: chunk, reportEvery: chunk, update: spec.update },
      { layers },
    ).weights.layers;
}

/** The engine's task for a given (X, y): Σ11 = XXᵀ, Σ31 = yXᵀ, errors measured against `reference`. */
function regressionTask(problem: RegressionProblem): Task {
  const { x, y, reference } = problem;
  const sigma31 = matmul(y, x, { transB: true });
  const n1 = x.rows;
  const n3 = y.rows;
  return {
    spec: { inputDim: n1, outputDim: n3, examples: x.cols, teacherSingularValues: [], noiseStd: 0, inputs: 'gaussian' },
    teacher: reference,
    uBar: { rows: n3, cols: 0, data: new Float64Array(0) },
    sBar: new Float64Array(0),
    vBar: { rows: n1, cols: 0, data: new Float64Array(0) },
    x,
    noise: { rows: n3, cols: x.cols, data: new Float64Array(n3 * x.cols) },
    y,
    sigma11Kind: 'general',
    sigma11Scale: 1,
    sigma11: matmul(x, x, { transB: true }),
    sigma31,
    svd31: svd(sigma31),
    teacherNormSq: Math.max(frobeniusSq(reference), Number.MIN_VALUE),
    targetNormSq: Math.max(frobeniusSq(y), Number.MIN_VALUE),
    unfittableSq: 0,
  };
}
