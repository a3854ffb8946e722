import { gemmInto, matmul } from '../linalg/gemm.js';
import { transpose, zeros, type Mat } from '../linalg/mat.js';
import type { Task } from '../task/task.js';
import { inputSubspace, reducedProblem, type InputSubspace } from './inputSubspace.js';
import type { RunRecorder } from './recordRun.js';
import { createReducedRecorder } from './reducedRecorder.js';
import type { Layers } from './student.js';
import type { EpochProblem } from './trainer.js';

/**
 * The input-subspace reduction as a problem transform: any linear integrator trains `problem`
 * (Σ31Q, the same Σ11 = c·I, N1 → r) from `start` = (W^1Q, W^2, …), which is GD on the full
 * problem mapped through Q (W^1 = MQᵀ, W = W_rQᵀ); `recorder` reads the reduced W_r and E_r
 * (the record view of the reduced coordinates), and `lift` maps layers and W back.
 */
export interface ReducedProblem {
  readonly sub: InputSubspace;
  readonly problem: EpochProblem;
  readonly start: Layers;
  /** Records the same train/test errors and mode strengths as the full path, from W_r and E_r. */
  readonly recorder: RunRecorder;
  /** Writes the full layers (W^1 = MQᵀ, the others as they are) of reduced layers into `into`. */
  lift(reduced: readonly Mat[], into: Layers): void;
  /** Full W = W_rQᵀ and E = Σ31 − c·W of a reduced W_r (for observers of the full coordinates). */
  liftMap(wr: Mat): { w: Mat; e: Mat };
}

/**
 * reduce(task, W(0)) → the reduced problem, or undefined when the reduction gains nothing
 * (Σ11 not c·I, or S = rowspace(Σ31) + rowspace(W^1(0)) is all of R^N1; inputSubspace.ts).
 * Lifting computes exactly the kernel products and E = Σ31 − c·W of the full path's
 * workspace ops (the JavaScript twins are bit-identical to the WebAssembly kernels).
 */
export function reduce(task: Task, layers: Layers): ReducedProblem | undefined {
  const sub = inputSubspace(task, layers[0]);
  if (!sub) return undefined;
  const n1 = task.spec.inputDim;
  const qt = transpose(sub.q);
  const c = task.sigma11Scale;
  return {
    sub,
    problem: reducedProblem(task, sub),
    start: [matmul(layers[0], sub.q), ...layers.slice(1)],
    recorder: createReducedRecorder(task, sub),
    lift(reduced, into) {
      gemmInto(into[0], reduced[0], qt);
      for (let l = 1; l < into.length; l++) into[l].data.set(reduced[l].data);
    },
    liftMap(wr) {
      const w = gemmInto(zeros(wr.rows, n1), wr, qt);
      const e = zeros(wr.rows, n1);
      const s = task.sigma31.data;
      for (let i = 0; i < e.data.length; i++) e.data[i] = s[i] - c * w.data[i];
      return { w, e };
    },
  };
}
