import type { MatRef } from '../kernels/ops.js';
import { refOf, runOp } from '../kernels/ops.js';
import { runOps } from '../kernels/program.js';
import type { Layers, TrainingSpec } from '../network/student.js';
import { planEpoch, type Observer } from '../network/trainer.js';
import type { Task } from '../task/task.js';
import * as T from './dop853Tableau.js';

/** Default relative tolerance of the flow integrator (per-step error control). */
export const DEFAULT_FLOW_TOLERANCE = 1e-10;

/** What the flow integrator reads of the training settings: time units and the output grid. */
export type FlowTraining = Pick<TrainingSpec, 'learningRate' | 'epochs' | 'reportEvery'> & { readonly flowTolerance?: number };

/** Work done by one flow solve. */
export interface FlowStats {
  /** Accepted steps. */
  steps: number;
  rejected: number;
  /** Gradient (right-hand side) evaluations, each costing about one GD epoch. */
  evaluations: number;
}

/** Options of `runGradientFlow`. */
export interface FlowOptions {
  /** 'js' forces the JavaScript twins of the kernels. */
  readonly kernels?: 'auto' | 'js';
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
 * Integrates the continuous-time gradient flow (2.3), τ dW^l/dt = (W^{>l})ᵀ(Σ31 − WΣ11)(W^{<l})ᵀ,
 * with DOP853 (Dormand–Prince 8(5,3), embedded error control, 7th-degree dense output) in
 * time T = λ·t (units of τ). Reports through the same observer as GD at exactly the recorded
 * epochs t = 0, r, 2r, … (T = λ·t), so the records are identical in shape; `training.update`
 * order is irrelevant in the flow. Error control: per-step error ≤ atol + rtol·|y| component-
 * wise (RMS norm), rtol = flowTolerance, atol = 1e-3·rtol·max|y(0)|. Mutates `layers` to
 * the state at the last recorded epoch.
 */
export function runGradientFlow(
  task: Task,
  layers: Layers,
  training: FlowTraining,
  observe: Observer,
  onEpoch?: (epoch: number) => void,
  options: FlowOptions = {},
): FlowStats {
  const n = layers.reduce((s, l) => s + l.rows * l.cols, 0);
  const vectors = 2 + K_COUNT + F_COUNT + 3;
  const plan = planEpoch(task, layers, {
    sequential: false,
    lr: 1,
    js: options.kernels === 'js',
    extra: Array.from({ length: vectors }, () => [1, n] as const),
  });
  const { ws, program, gradOps, gradsVec, layersVec, arenaLayers, w, e } = plan;
  const heap = ws.heap;
  const kernels = ws.kernels;
  const refs = plan.extra.map((m) => refOf(heap, m));
  let y = refs[0];
  let yNew = refs[1];
  const K = refs.slice(2, 2 + K_COUNT);
  const F = refs.slice(2 + K_COUNT, 2 + K_COUNT + F_COUNT);
  const [err5, err3, acc] = refs.slice(2 + K_COUNT + F_COUNT);
  const state = refOf(heap, layersVec);
  const grads = refOf(heap, gradsVec!);
  const stats: FlowStats = { steps: 0, rejected: 0, evaluations: 0 };

  const copy = (to: MatRef, from: MatRef) => heap.copyWithin(to.off, from.off, from.off + n);
  const zero = (v: MatRef) => heap.fill(0, v.off, v.off + n);
  const axpy = (to: MatRef, x: MatRef, alpha: number) => {
    if (alpha !== 0) runOp(heap, kernels, { kind: 'axpy', y: to, x, alpha }, 0, 1);
  };
  const xpay = (to: MatRef, x: MatRef, alpha: number) => runOp(heap, kernels, { kind: 'xpay', y: to, x, alpha }, 0, 1);
  // f(state) → out: W and E from the layers in `state`, then every layer's gradient.
  const rhs = (out: MatRef) => {
    runOps(heap, kernels, program.a, 0, 1);
    runOps(heap, kernels, gradOps, 0, 1);
    copy(out, grads);
    stats.evaluations++;
  };
  // state = base + h Σ_j row[j] K_j.
  const combine = (base: MatRef, h: number, row: readonly number[]) => {
    copy(state, base);
    for (let j = 0; j < row.length; j++) axpy(state, K[j], h * row[j]);
  };

  const lr = training.learningRate;
  const every = training.reportEvery;
  const lastEpoch = Math.floor(training.epochs / every) * every;
  const tEnd = lr * lastEpoch;
  const rtol = training.flowTolerance ?? DEFAULT_FLOW_TOLERANCE;
  let yMax = 0;
  for (const l of layers) for (let i = 0; i < l.data.length; i++) yMax = Math.max(yMax, Math.abs(l.data[i]));
  const atol = 1e-3 * rtol * Math.max(yMax, 1e-300);

  const emit = (epoch: number) => {
    runOps(heap, kernels, program.a, 0, 1);
    for (let l = 0; l < layers.length; l++) layers[l].data.set(arenaLayers[l].data);
    observe(epoch, layers, w, e);
  };

  try {
    copy(y, state);
    emit(0);
    let nextOut = every; // next recorded epoch
    if (lastEpoch === 0) return stats;
    copy(state, y);
    rhs(K[0]);
    let t = 0;
    let h = initialStep(heap, y, K[0], n, atol, rtol, (h0) => {
      combine(y, h0, [1]);
      rhs(K[1]);
      return K[1];
    });
    let rejectedLast = false;
    let progressed = 0;
    while (t < tEnd) {
      const minStep = 10 * Math.abs(nextAfterUp(t) - t);
      if (h < minStep) throw new RangeError(`flow integrator: step size underflow at t/τ = ${t} (flowTolerance ${rtol} too small?)`);
      const hStep = t + h > tEnd ? tEnd - t : h;
      // Stages 1..11, then y_new = y + h Σ b_j K_j and K12 = f(y_new).
      for (let s = 1; s < STAGES; s++) {
        combine(y, hStep, T.A[s]);
        rhs(K[s]);
      }
      copy(yNew, y);
      for (let j = 0; j < STAGES; j++) axpy(yNew, K[j], hStep * T.B[j]);
      copy(state, yNew);
      rhs(K[12]);
      const errNorm = errorNorm(hStep);
      if (errNorm < 1) {
        const factor = errNorm === 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, SAFETY * errNorm ** EXPONENT);
        const tNew = hStep === tEnd - t ? tEnd : t + hStep;
        if (lr * nextOut <= tNew) {
          denseCoefficients(hStep);
          while (nextOut <= lastEpoch && lr * nextOut <= tNew) {
            if (nextOut === lastEpoch && tNew === tEnd) copy(state, yNew);
            else denseAt((lr * nextOut - t) / hStep);
            emit(nextOut);
            nextOut += every;
          }
        }
        if (onEpoch) {
          const upTo = Math.min(lastEpoch, Math.floor(tNew / lr));
          for (; progressed < upTo; progressed++) onEpoch(progressed);
        }
        t = tNew;
        [y, yNew] = [yNew, y];
        copy(K[0], K[12]);
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
  } finally {
    ws.release();
  }

  // RMS of the 5th-order error estimate, corrected by the 3rd-order one (Hairer's DOP853).
  function errorNorm(hStep: number): number {
    zero(err5);
    zero(err3);
    for (let j = 0; j <= STAGES; j++) {
      axpy(err5, K[j], T.E5[j]);
      axpy(err3, K[j], T.E3[j]);
    }
    let s5 = 0;
    let s3 = 0;
    const yo = y.off;
    const yn = yNew.off;
    const e5 = err5.off;
    const e3 = err3.off;
    for (let i = 0; i < n; i++) {
      const sc = atol + rtol * Math.max(Math.abs(heap[yo + i]), Math.abs(heap[yn + i]));
      const a = heap[e5 + i] / sc;
      const b = heap[e3 + i] / sc;
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
    copy(F[0], yNew);
    axpy(F[0], y, -1);
    zero(F[1]);
    axpy(F[1], K[0], hStep);
    axpy(F[1], F[0], -1);
    zero(F[2]);
    axpy(F[2], F[0], 2);
    axpy(F[2], K[12], -hStep);
    axpy(F[2], K[0], -hStep);
    for (let i = 0; i < 4; i++) {
      zero(F[3 + i]);
      for (let j = 0; j < K_COUNT; j++) axpy(F[3 + i], K[j], hStep * T.D[i][j]);
    }
  }

  // state = y + θ(F0 + (1−θ)(F1 + θ(F2 + (1−θ)(F3 + θ(F4 + (1−θ)(F5 + θF6)))))).
  function denseAt(theta: number): void {
    copy(acc, F[6]);
    for (let i = 5; i >= 0; i--) xpay(acc, F[i], i % 2 === 1 ? theta : 1 - theta);
    copy(state, y);
    axpy(state, acc, theta);
  }
}

/** Hairer's starting step from the sizes of y, f(y) and f's change over a trial step. */
function initialStep(
  heap: Float64Array,
  y: MatRef,
  f0: MatRef,
  n: number,
  atol: number,
  rtol: number,
  trial: (h0: number) => MatRef,
): number {
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol + rtol * Math.abs(heap[y.off + i]);
    d0 += (heap[y.off + i] / sc) ** 2;
    d1 += (heap[f0.off + i] / sc) ** 2;
  }
  d0 = Math.sqrt(d0 / n);
  d1 = Math.sqrt(d1 / n);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  const f1 = trial(h0);
  let d2 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol + rtol * Math.abs(heap[y.off + i]);
    d2 += ((heap[f1.off + i] - heap[f0.off + i]) / sc) ** 2;
  }
  d2 = Math.sqrt(d2 / n) / h0;
  const h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / 8);
  return Math.min(100 * h0, h1);
}

function nextAfterUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const b = new Float64Array([x]);
  const u = new BigInt64Array(b.buffer);
  u[0] += 1n;
  return b[0];
}
