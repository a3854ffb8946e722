import { refOf, runOp, type KernelOp } from '../kernels/ops.js';
import { matmul } from '../linalg/gemm.js';
import { transpose, type Mat } from '../linalg/mat.js';
import type { Task } from '../task/task.js';
import { reducedProblem, type InputSubspace } from './inputSubspace.js';
import type { Layers, StudentSpec, TrainingSpec } from './student.js';
import { runPlannedGradientDescent, planEpoch, type GradientDescentOptions, type Observer } from './trainer.js';

/** Called at every recorded epoch with W_r = WQ and E_r = E Q (N3×r, valid during the call). */
export type ReducedObserver = (epoch: number, wr: Mat, er: Mat) => void;

/**
 * `runGradientDescent` in the coordinates of an input subspace (inputSubspace.ts): trains
 * (W^1Q, W^2, …) on Σ31Q with the same Σ11 = c·I, which is GD on the full problem mapped
 * through Q (W^1 = MQᵀ, W = W_rQᵀ), with every product r instead of N1 columns wide. Calls
 * `record` with W_r and E_r at epochs 0, r, 2r, …; when `observe` is given it also rebuilds
 * the full layers, W = W_rQᵀ and E = Σ31 − cW (the same data `runGradientDescent` hands its
 * observer) and calls it after `record`. Mutates `layers` to the final full layers. Allocates
 * nothing in the epoch loop; divergence is detected and reported as by `runGradientDescent`.
 */
export function runReducedGradientDescent(
  task: Task,
  layers: Layers,
  sub: InputSubspace,
  student: Pick<StudentSpec, 'update'>,
  training: Pick<TrainingSpec, 'learningRate' | 'epochs' | 'reportEvery'>,
  record: ReducedObserver,
  observe?: Observer,
  onEpoch?: (epoch: number) => void,
  options: GradientDescentOptions = {},
): void {
  const n1 = task.spec.inputDim;
  const n3 = task.spec.outputDim;
  const first = layers[0];
  const reduced = [matmul(first, sub.q), ...layers.slice(1)];
  // Extras: Qᵀ and the full first layer, and for an observer Σ31, W and E in full.
  const extra: [number, number][] = [[sub.rank, n1], [first.rows, n1]];
  if (observe) extra.push([n3, n1], [n3, n1], [n3, n1]);
  const plan = planEpoch(reducedProblem(task, sub), reduced, {
    sequential: student.update === 'sequential',
    lr: training.learningRate,
    js: options.kernels === 'js',
    extra,
  });
  const { ws, arenaLayers } = plan;
  const [qt, firstFull, sigma31, wFull, eFull] = plan.extra;
  try {
    qt.data.set(transpose(sub.q).data);
    const ref = (m: Mat) => refOf(ws.heap, m);
    const lift = (out: Mat, m: Mat): KernelOp => ({ kind: 'gemm', c: ref(out), a: ref(m), b: ref(qt), transA: false, transB: false, alpha: 1, beta: 0 });
    const run = (op: KernelOp, rows: number) => runOp(ws.heap, ws.kernels, op, 0, rows);
    const liftFirst = lift(firstFull, arenaLayers[0]);
    let onRecord = (epoch: number, _l: readonly Mat[], wr: Mat, er: Mat) => record(epoch, wr, er);
    if (observe) {
      sigma31.data.set(task.sigma31.data);
      const liftW = lift(wFull, plan.w);
      const liftE: KernelOp = { kind: 'sub', out: ref(eFull), s: ref(sigma31), w: ref(wFull), d: task.sigma11Scale };
      onRecord = (epoch, arena, wr, er) => {
        record(epoch, wr, er);
        run(liftW, n3);
        run(liftE, n3);
        run(liftFirst, first.rows);
        first.data.set(firstFull.data);
        for (let l = 1; l < layers.length; l++) layers[l].data.set(arena[l].data);
        observe(epoch, layers, wFull, eFull);
      };
    }
    runPlannedGradientDescent(task, plan, training, onRecord, onEpoch, options);
    run(liftFirst, first.rows);
    first.data.set(firstFull.data);
    for (let l = 1; l < layers.length; l++) layers[l].data.set(arenaLayers[l].data);
  } finally {
    ws.release();
  }
}
