import { runOps } from '../kernels/program.js';
import type { Layers, TrainingSpec } from './student.js';
import { planEpoch, type Observer } from './trainer.js';
import type { Task } from '../task/task.js';
import { solveDop853, StepUnderflowError, type Dop853Stats } from '../numerics/dop853.js';

/** Default relative tolerance of the flow integrator (per-step error control). */
export const DEFAULT_FLOW_TOLERANCE = 1e-10;

/** What the flow integrator reads of the training settings: time units and the output grid. */
export type FlowTraining = Pick<TrainingSpec, 'learningRate' | 'epochs' | 'reportEvery'> & {
  readonly flowTolerance?: number;
};

/** Work done by one flow solve; each evaluation costs about one GD epoch. */
export type FlowStats = Dop853Stats;

/** Options of `runGradientFlow`. */
export interface FlowOptions {
  /** 'js' forces the JavaScript twins of the kernels. */
  readonly kernels?: 'auto' | 'js';
}

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
  const plan = planEpoch(task, layers, { sequential: false, lr: 1, js: options.kernels === 'js' });
  const { ws, program, gradOps, gradsVec, layersVec, arenaLayers, w, e } = plan;
  const heap = ws.heap;
  const kernels = ws.kernels;
  const grads = gradsVec!.data;
  const lr = training.learningRate;
  const every = training.reportEvery;
  const lastEpoch = Math.floor(training.epochs / every) * every;
  const rtol = training.flowTolerance ?? DEFAULT_FLOW_TOLERANCE;
  let yMax = 0;
  for (const l of layers) for (let i = 0; i < l.data.length; i++) yMax = Math.max(yMax, Math.abs(l.data[i]));
  const atol = 1e-3 * rtol * Math.max(yMax, 1e-300);
  const outputs: number[] = [];
  for (let t = 0; t <= lastEpoch; t += every) outputs.push(lr * t);
  let progressed = 0;
  try {
    return solveDop853(
      {
        dim: layersVec.data.length,
        state: layersVec.data,
        // f(state): W and E from the layers in the workspace, then every layer's gradient.
        rhs(out) {
          runOps(heap, kernels, program.a);
          runOps(heap, kernels, gradOps);
          out.set(grads);
        },
      },
      {
        rtol,
        atol,
        outputs,
        onOutput(index) {
          runOps(heap, kernels, program.a);
          for (let l = 0; l < layers.length; l++) layers[l].data.set(arenaLayers[l].data);
          observe(index * every, layers, w, e);
        },
        onStep: onEpoch
          ? (tNew) => {
              const upTo = Math.min(lastEpoch, Math.floor(tNew / lr));
              for (; progressed < upTo; progressed++) onEpoch(progressed);
            }
          : undefined,
      },
    );
  } catch (err) {
    if (err instanceof StepUnderflowError) {
      throw new RangeError(
        `flow integrator: step size underflow at t/τ = ${err.t} (flowTolerance ${rtol} too small?)`,
        {
          cause: err,
        },
      );
    }
    throw err;
  } finally {
    ws.release();
  }
}
