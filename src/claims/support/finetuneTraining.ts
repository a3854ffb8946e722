import type { balancedFactorisation } from '../../finetune/balanced.js';
import type { RegressionProblem, TrainFromResult, trainFrom } from '../../finetune/train.js';
import type { Mat } from '../../linalg/mat.js';
import { frobenius, frobeniusSq } from '../../linalg/norms.js';
import { singularValues } from '../../linalg/svd.js';
import { endToEnd } from '../../network/product.js';
import { createRng, normals } from '../../random/rng.js';
import type { FtTask } from './finetuneTask.js';

/** X with each input coordinate divided by its root mean square over the P samples (a preprocessing mistake: it moves span(X)). */
export function standardisedInputs(problem: RegressionProblem): RegressionProblem {
  const { x } = problem;
  const data = new Float64Array(x.data);
  for (let i = 0; i < x.rows; i++) {
    let s = 0;
    for (let j = 0; j < x.cols; j++) s += x.data[i * x.cols + j] ** 2;
    const rms = Math.sqrt(s / x.cols) || 1;
    for (let j = 0; j < x.cols; j++) data[i * x.cols + j] /= rms;
  }
  return { ...problem, x: { ...x, data } };
}

/** X plus seeded N(0, (1e-3·rms X)²) jitter (a data-augmentation mistake: the gradients leave span(X)). */
export function jitteredInputs(problem: RegressionProblem): RegressionProblem {
  const { x } = problem;
  let s = 0;
  for (const v of x.data) s += v * v;
  const jitter = normals(createRng('jitter'), x.data.length, 1e-3 * Math.sqrt(s / x.data.length));
  const data = x.data.map((v, i) => v + jitter[i]);
  return { ...problem, x: { ...x, data } as Mat };
}

/** What a balanced fine-tuning run needs from the library: the balanced factorisation and training from given weights. */
export interface BalancedFineTuneImpl {
  readonly factorise: typeof balancedFactorisation;
  readonly train: (...a: Parameters<typeof trainFrom>) => TrainFromResult;
}

/**
 * FT6's run (FINETUNE.md §4): GD (sequential order) from the balanced factorisation of W_S with hidden widths
 * `hiddenDims`, step λ = step / (N·λ_max(XXᵀ)·max(‖W_S‖, ‖W_T‖)^{2−2/N}), until ½‖y − WX‖² ≤ stop·½‖y‖².
 * Returns the end-to-end map and the epoch it stopped at.
 */
export function balancedFineTune(
  task: FtTask,
  hiddenDims: readonly number[],
  step: number,
  stop: number,
  seed: number,
  impl: BalancedFineTuneImpl,
): { map: Mat; epochs: number } {
  const depth = hiddenDims.length + 1;
  const layers = impl.factorise(task.source, hiddenDims, createRng(seed).fork('balanced'));
  const top = singularValues(task.x)[0] ** 2;
  const m = Math.max(frobenius(task.source), frobenius(task.target));
  const learningRate = step / (depth * top * Math.pow(m, 2 - 2 / depth));
  const run = impl.train(
    { x: task.x, y: task.y, reference: task.target },
    layers,
    {
      learningRate,
      epochs: 5_000_000,
      reportEvery: 2000,
      update: 'sequential',
      stopLoss: stop * 0.5 * frobeniusSq(task.y),
      freezeLayers: 0,
    },
    () => {},
  );
  return { map: endToEnd(run.layers), epochs: run.lastEpoch };
}
