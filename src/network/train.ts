import type { Rng } from '../random/rng.js';
import type { Task } from '../task/task.js';
import { runGradientFlow } from './gradientFlow.js';
import { initStudent } from './init.js';
import { inputSubspace } from './inputSubspace.js';
import { createRecorder } from './recordRun.js';
import { createReducedRecorder } from './reducedRecorder.js';
import { runReducedGradientDescent } from './reducedDescent.js';
import type { Layers, RunRecord, StudentSpec, TrainingSpec } from './student.js';
import { runGradientDescent, type Observer, type ProgramTeam } from './trainer.js';

/** Options of `trainStudent`. */
export interface TrainOptions {
  /** Extra observer called at each recorded epoch (after the built-in recorder). */
  readonly observe?: Observer;
  /** Called once per epoch with the epoch index (progress reporting). */
  readonly onEpoch?: (epoch: number) => void;
  /** Start from these layers instead of drawing an initialisation (copied, not mutated). */
  readonly initialLayers?: Layers;
  /** Helper threads that split every epoch's products (src/parallel/team.ts). */
  readonly team?: ProgramTeam;
  /**
   * 'auto' (default): GD runs in the input subspace rowspace(Σ31) + rowspace(W^1(0)) when
   * Σ11 = c·I and that subspace is smaller than R^N1 (src/network/inputSubspace.ts): the same
   * trajectory to rounding, fewer FLOP. 'off': always the full coordinates (the reference).
   */
  readonly inputReduction?: 'auto' | 'off';
}

/** Initialises a student on `task` from stream `init` of `rng` and trains it by GD or the gradient flow (Appendix R2). */
export function trainStudent(
  task: Task,
  student: StudentSpec,
  training: TrainingSpec,
  rng: Rng,
  options: TrainOptions = {},
): RunRecord & { finalLayers: Layers } {
  const layers = options.initialLayers
    ? options.initialLayers.map((l) => ({ rows: l.rows, cols: l.cols, data: new Float64Array(l.data) }))
    : initStudent(task, student, rng.fork('init'));
  const flow = training.integrator === 'flow';
  const sub = !flow && options.inputReduction !== 'off' ? inputSubspace(task, layers[0]) : undefined;
  if (sub) {
    const recorder = createReducedRecorder(task, sub);
    runReducedGradientDescent(task, layers, sub, student, training, recorder.add, options.observe, options.onEpoch, { team: options.team });
    return { ...recorder.result(), finalLayers: layers };
  }
  const recorder = createRecorder(task);
  const observe: Observer = options.observe
    ? (t, ls, w, e) => {
        recorder.add(t, w, e);
        options.observe!(t, ls, w, e);
      }
    : (t, _ls, w, e) => recorder.add(t, w, e);
  if (flow) runGradientFlow(task, layers, training, observe, options.onEpoch);
  else runGradientDescent(task, layers, student, training, observe, options.onEpoch, { team: options.team });
  return { ...recorder.result(), finalLayers: layers };
}
