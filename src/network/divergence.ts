import { NumericalError } from '../config/errors.js';
import type { Task } from '../task/task.js';

/** Training blew up: the loss became non-finite or grew by orders of magnitude. */
export class DivergenceError extends NumericalError {
  readonly epoch: number;
  readonly learningRate: number;
  readonly stableLearningRate: number;
  constructor(epoch: number, learningRate: number, stableLearningRate: number, what: string) {
    super(
      `training diverged at epoch ${epoch} (${what}) with learningRate ${learningRate}; ` +
        `gradient descent is stable near the solution only for learningRate < ${shortNumber(stableLearningRate)} ` +
        `(2 / (D_w · c · (ŝ1/c)^(2−2/D_w)), c the scale of Σ11): lower learningRate`,
    );
    this.name = 'DivergenceError';
    this.epoch = epoch;
    this.learningRate = learningRate;
    this.stableLearningRate = stableLearningRate;
  }
}

/** Three significant digits, in exponent form when tiny or huge (never "0.00000100"). */
export function shortNumber(x: number): string {
  if (!Number.isFinite(x) || x === 0) return String(x);
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e6 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
}

/**
 * Largest learning rate for which GD is linearly stable at the fitted top mode: with Σ11 = c·I
 * the loss along a balanced mode has curvature c·D_w·s*^(2−2/D_w) at s* = ŝ1/c, so λ < 2/that.
 * For Gaussian inputs c is the largest eigenvalue of Σ11 (bounded here by its Gershgorin radius).
 */
export function stableLearningRate(task: Task, depth: number): number {
  const c = inputScale(task);
  const sStar = task.svd31.s[0] / c;
  const curvature = c * depth * Math.pow(Math.max(sStar, 1e-300), 2 - 2 / depth);
  return curvature > 0 ? 2 / curvature : Infinity;
}

function inputScale(task: Task): number {
  if (task.sigma11Kind !== 'general') return task.sigma11Scale;
  const { rows, data } = task.sigma11;
  let best = 0;
  for (let i = 0; i < rows; i++) {
    let r = 0;
    for (let j = 0; j < rows; j++) r += Math.abs(data[i * rows + j]);
    best = Math.max(best, r);
  }
  return best;
}
