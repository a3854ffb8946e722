import * as T from './dop853Tableau.js';

/**
 * DOP853 (Dormand–Prince 8(5,3)) for y' = f(y) on plain Float64Array vectors: embedded error
 * control and 7th-degree dense output (Hairer, Nørsett & Wanner, Solving ODEs I, §II.10).
 * Generic: it knows nothing of networks; the gradient flow (src/flow) is one user.
 */

/** An autonomous ODE y' = f(y) of dimension `dim`. */
export interface Dop853Problem {
  readonly dim: number;
  /**
   * The vector the stepper writes each stage's argument into before calling `rhs` (so a caller
   * can keep it inside its own workspace and read it there without a copy).
   */
  readonly state: Float64Array;
  /** Writes f(state) into `out`. */
  rhs(out: Float64Array): void;
}

/** Options of `solveDop853`. */
export interface Dop853Options {
  /** Relative tolerance of the per-step error (RMS norm). */
  readonly rtol: number;
  /** Absolute tolerance of the per-step error. */
  readonly atol: number;
  /** Output times, non-decreasing, ≥ 0; the solve ends at the last one. */
  readonly outputs: readonly number[];
  /** Called at each output time with `problem.state` holding y(t) (exactly y at the end point). */
  onOutput(index: number): void;
  /** Called after every accepted step with its end time. */
  onStep?(t: number): void;
}

/** Work done by one solve. */
export interface Dop853Stats {
  /** Accepted steps. */
  steps: number;
  rejected: number;
  /** Right-hand side evaluations. */
  evaluations: number;
}

/** The step size fell below ten ulps of t: the tolerance cannot be met in float64. */
export class StepUnderflowError extends RangeError {
  readonly t: number;
  constructor(t: number, rtol: number) {
    super(`DOP853: step size underflow at t = ${t} (rtol ${rtol} too small?)`);
    this.name = 'StepUnderflowError';
    this.t = t;
  }
}

const SAFETY = 0.9;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;
const EXPONENT = -1 / 8;
const STAGES = 12;
/** Stage vectors: 12 step stages, the derivative at the new point, 3 interpolation stages. */
const K_COUNT = 16;
const F_COUNT = 7;

/**
 * Integrates y' = f(y) from y(0) = problem.state to the last output time with DOP853 (error
 * per step ≤ atol + rtol·max(|y|, |y_new|) in the RMS norm, Hairer's step-size control and
 * starting step), reporting y at every output time through dense output. Leaves problem.state
 * at y(last output). Throws StepUnderflowError when the step size underflows.
 */
export function solveDop853(problem: Dop853Problem, options: Dop853Options): Dop853Stats {
  const n = problem.dim;
  const state = problem.state;
  if (state.length !== n) throw new RangeError(`solveDop853: state has ${state.length} entries, dim is ${n}`);
  const { rtol, atol, outputs } = options;
  const vec = () => new Float64Array(n);
  let y = vec();
  let yNew = vec();
  const K = Array.from({ length: K_COUNT }, vec);
  const F = Array.from({ length: F_COUNT }, vec);
  const err5 = vec();
  const err3 = vec();
  const acc = vec();
  const stats: Dop853Stats = { steps: 0, rejected: 0, evaluations: 0 };
  const rhs = (out: Float64Array) => {
    problem.rhs(out);
    stats.evaluations++;
  };
  // state = base + h Σ_j row[j] K_j.
  const combine = (base: Float64Array, h: number, row: readonly number[]) => {
    state.set(base);
    for (let j = 0; j < row.length; j++) axpy(state, K[j], h * row[j]);
  };

  const tEnd = outputs.length > 0 ? outputs[outputs.length - 1] : 0;
  let next = 0;
  y.set(state);
  while (next < outputs.length && outputs[next] <= 0) options.onOutput(next++);
  if (next >= outputs.length) return stats;
  state.set(y);
  rhs(K[0]);
  let t = 0;
  let h = initialStep(y, K[0], atol, rtol, (h0) => {
    combine(y, h0, [1]);
    rhs(K[1]);
    return K[1];
  });
  let rejectedLast = false;
  while (t < tEnd) {
    const minStep = 10 * Math.abs(nextAfterUp(t) - t);
    if (h < minStep) throw new StepUnderflowError(t, rtol);
    const hStep = t + h > tEnd ? tEnd - t : h;
    // Stages 1..11, then y_new = y + h Σ b_j K_j and K12 = f(y_new).
    for (let s = 1; s < STAGES; s++) {
      combine(y, hStep, T.A[s]);
      rhs(K[s]);
    }
    yNew.set(y);
    for (let j = 0; j < STAGES; j++) axpy(yNew, K[j], hStep * T.B[j]);
    state.set(yNew);
    rhs(K[12]);
    const errNorm = errorNorm(hStep);
    if (errNorm < 1) {
      const factor = errNorm === 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, SAFETY * errNorm ** EXPONENT);
      const tNew = hStep === tEnd - t ? tEnd : t + hStep;
      if (outputs[next] <= tNew) {
        denseCoefficients(hStep);
        while (next < outputs.length && outputs[next] <= tNew) {
          if (next === outputs.length - 1 && tNew === tEnd) state.set(yNew);
          else denseAt((outputs[next] - t) / hStep);
          options.onOutput(next++);
        }
      }
      options.onStep?.(tNew);
      t = tNew;
      [y, yNew] = [yNew, y];
      K[0].set(K[12]);
      stats.steps++;
      h = hStep * (rejectedLast ? Math.min(1, factor) : factor);
      rejectedLast = false;
    } else {
      stats.rejected++;
      h = hStep * Math.max(MIN_FACTOR, SAFETY * errNorm ** EXPONENT);
      rejectedLast = true;
    }
  }
  return stats;

  // RMS of the 5th-order error estimate, corrected by the 3rd-order one (Hairer's DOP853).
  function errorNorm(hStep: number): number {
    err5.fill(0);
    err3.fill(0);
    for (let j = 0; j <= STAGES; j++) {
      axpy(err5, K[j], T.E5[j]);
      axpy(err3, K[j], T.E3[j]);
    }
    let s5 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i++) {
      const sc = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
      const a = err5[i] / sc;
      const b = err3[i] / sc;
      s5 += a * a;
      s3 += b * b;
    }
    if (s5 === 0 && s3 === 0) return 0;
    return (Math.abs(hStep) * s5) / Math.sqrt((s5 + 0.01 * s3) * n);
  }

  // F0..F6 of the 7th-degree interpolant on [t, t + h] (needs stages 13–15).
  function denseCoefficients(hStep: number): void {
    for (let s = 13; s < K_COUNT; s++) {
      combine(y, hStep, T.A[s]);
      rhs(K[s]);
    }
    F[0].set(yNew);
    axpy(F[0], y, -1);
    F[1].fill(0);
    axpy(F[1], K[0], hStep);
    axpy(F[1], F[0], -1);
    F[2].fill(0);
    axpy(F[2], F[0], 2);
    axpy(F[2], K[12], -hStep);
    axpy(F[2], K[0], -hStep);
    for (let i = 0; i < 4; i++) {
      F[3 + i].fill(0);
      for (let j = 0; j < K_COUNT; j++) axpy(F[3 + i], K[j], hStep * T.D[i][j]);
    }
  }

  // state = y + θ(F0 + (1−θ)(F1 + θ(F2 + (1−θ)(F3 + θ(F4 + (1−θ)(F5 + θF6)))))).
  function denseAt(theta: number): void {
    acc.set(F[6]);
    for (let i = 5; i >= 0; i--) {
      const alpha = i % 2 === 1 ? theta : 1 - theta;
      const f = F[i];
      for (let k = 0; k < n; k++) acc[k] = f[k] + alpha * acc[k];
    }
    state.set(y);
    axpy(state, acc, theta);
  }
}

/** y ← y + α·x (skipped for α = 0, so y keeps its exact bits). */
function axpy(y: Float64Array, x: Float64Array, alpha: number): void {
  if (alpha === 0) return;
  for (let i = 0; i < y.length; i++) y[i] = y[i] + alpha * x[i];
}

/** Hairer's starting step from the sizes of y, f(y) and f's change over a trial step. */
function initialStep(
  y: Float64Array,
  f0: Float64Array,
  atol: number,
  rtol: number,
  trial: (h0: number) => Float64Array,
): number {
  const n = y.length;
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol + rtol * Math.abs(y[i]);
    d0 += (y[i] / sc) ** 2;
    d1 += (f0[i] / sc) ** 2;
  }
  d0 = Math.sqrt(d0 / n);
  d1 = Math.sqrt(d1 / n);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  const f1 = trial(h0);
  let d2 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol + rtol * Math.abs(y[i]);
    d2 += ((f1[i] - f0[i]) / sc) ** 2;
  }
  d2 = Math.sqrt(d2 / n) / h0;
  const h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / 8);
  return Math.min(100 * h0, h1);
}

/** The next float64 above x ≥ 0. */
function nextAfterUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const b = new Float64Array([x]);
  const u = new BigInt64Array(b.buffer);
  u[0] += 1n;
  return b[0];
}
