import { NumericalError } from '../config/errors.js';
import type { Task } from '../task/task.js';

/** Training blew up: the loss became non-finite or grew by orders of magnitude. */
export class DivergenceError extends NumericalError {
  readonly epoch: number;
  readonly learningRate: number;
  readonly stableLearningRate: number;
  /** What blew up, e.g. "the loss is not finite". */
  readonly what: string;
  constructor(epoch: number, learningRate: number, stableLearningRate: number, what: string) {
    super(
      `training diverged at epoch ${epoch} (${what}) with learningRate ${learningRate}; ` +
        `gradient descent converges on the task's strongest modes only for learningRate < ${shortNumber(floorDigits(stableLearningRate, 3))} ` +
        `(the per-mode recursion (3.9) run from the initial scale; docs/theory.md §3.4): lower learningRate`,
    );
    this.name = 'DivergenceError';
    this.epoch = epoch;
    this.learningRate = learningRate;
    this.stableLearningRate = stableLearningRate;
    this.what = what;
  }
}

/** x rounded down to `digits` significant digits (an advised upper bound must not be rounded up). */
export function floorDigits(x: number, digits: number): number {
  if (!(Number.isFinite(x) && x > 0)) return x;
  const unit = Math.pow(10, Math.floor(Math.log10(x)) - digits + 1);
  return Math.floor(x / unit) * unit;
}

/** Three significant digits, in exponent form when tiny or huge (never "0.00000100"). */
export function shortNumber(x: number): string {
  if (!Number.isFinite(x) || x === 0) return String(x);
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e6 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
}

/** What the stability bound needs to know about the student (defaults: the stricter sequential order, every ε). */
export interface StabilityOptions {
  readonly update?: 'sequential' | 'simultaneous';
  /** ε, the initial singular value of the student's map; omitted: the worst case over ε/s* in [1e-8, 0.9]. */
  readonly initScale?: number;
}

/**
 * Largest learning rate for which gradient descent converges on this task's strongest modes.
 * Every training-aligned mode follows the scalar recursion (3.9) (D_w layers of strength a_l,
 * e = ŝ − c∏a, Σ11 = c·I); in units of s* = ŝ/c it depends on λ only through x = λ·c·s*^(2−2/D_w).
 * Near the solution both update orders have the same linearisation, stable iff x·Σ_l∏_{m≠l}α_m² < 2
 * (the 2/D_w of the balanced point), but on the way there the sequential order tilts the balance of
 * the layers (a² − b² shrinks by ≈ λ²e²(a² + b²) per epoch) and the tilted solution is stiffer: the
 * threshold falls to x ≈ 0.87–0.98 for D_w = 2 (0.61–0.66 for 3, 0.47–0.50 for 4), depending on ε/s*.
 * So the bound is found by running the dimensionless recursion itself: x rises in 0.25 % steps
 * until a run fails to converge (`stableStep`); the last converging x, over the modes within
 * 20 % of ŝ1, is the answer (§3.4). For Gaussian inputs c is the largest eigenvalue of Σ11
 * (bounded by its Gershgorin radius), and the bound is approximate.
 */
export function stableLearningRate(task: Task, depth: number, options: StabilityOptions = {}): number {
  const c = inputScale(task);
  const s = task.svd31.s;
  if (!(c > 0) || s.length === 0 || !(s[0] > 0)) return Infinity;
  const update = options.update ?? 'sequential';
  let best = Infinity;
  for (let k = 0; k < Math.min(s.length, 16) && s[k] >= 0.8 * s[0]; k++) {
    const sStar = s[k] / c;
    const ratios =
      options.initScale !== undefined ? [options.initScale / sStar] : [1e-8, 1e-5, 1e-3, 1e-2, 0.1, 0.5, 0.9];
    let x = Infinity;
    for (const r of ratios) x = Math.min(x, stableStep(depth, Math.min(r, 0.9), update));
    best = Math.min(best, x / (c * Math.pow(sStar, 2 - 2 / depth)));
  }
  return best;
}

/**
 * The largest dimensionless step x = λ·c·s*^(2−2/D_w) below which the recursion (3.9) started at
 * ∏a = ratio·s* converges, found on a grid of 0.25 % steps rising from 0.8 of the linear bound 2/D_w
 * (from 0.25 of it if that fails). Above the first failure there are narrow windows where runs
 * converge again (D_w = 3: x = 0.6145–0.6175 fails, 0.6177 converges), so the first failure on a
 * fine rising grid, not a bisection, sets the bound.
 */
export function stableStep(depth: number, ratio: number, update: 'sequential' | 'simultaneous'): number {
  const linear = 2 / depth;
  let x = 0.8 * linear;
  if (!modeConverges(x, depth, ratio, update)) {
    x = 0.25 * linear;
    if (!modeConverges(x, depth, ratio, update)) return 0.1 * linear;
  }
  for (;;) {
    const next = x * 1.0025;
    if (next >= linear || !modeConverges(next, depth, ratio, update)) return x;
    x = next;
  }
}

/**
 * Whether the dimensionless mode recursion (3.9) with step x, D_w layers started balanced at
 * ∏α = ratio converges to ∏α = 1 at a linearly stable point (x·Σ_l∏_{m≠l}α_m² < 2), within a budget
 * of steps that covers the escape from the start (∝ ratio^(2/D_w − 1) for D_w > 2) and a slow final decay.
 */
export function modeConverges(x: number, depth: number, ratio: number, update: 'sequential' | 'simultaneous'): boolean {
  const a = new Float64Array(depth).fill(Math.pow(ratio, 1 / depth));
  const old = new Float64Array(depth);
  const escape =
    depth === 2 ? Math.log(1 / ratio) / (2 * x) : Math.pow(ratio, 2 / depth - 1) / ((1 - 2 / depth) * depth * x);
  const budget = Math.ceil(3 * escape) + 100_000;
  for (let step = 0; step < budget; step++) {
    let p = 1;
    for (let l = 0; l < depth; l++) p *= a[l];
    if (!(Math.abs(p) < 1e6)) return false;
    const e = 1 - p;
    if (Math.abs(e) < 1e-13) {
      let g2 = 0;
      for (let l = 0; l < depth; l++) {
        let o = 1;
        for (let m = 0; m < depth; m++) if (m !== l) o *= a[m];
        g2 += o * o;
      }
      return x * g2 < 2;
    }
    old.set(a);
    for (let l = 0; l < depth; l++) {
      let o = 1;
      for (let m = 0; m < depth; m++) if (m !== l) o *= m < l && update === 'sequential' ? a[m] : old[m];
      a[l] += x * o * e;
    }
  }
  return false;
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
