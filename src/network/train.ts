import type { Rng } from '../random/rng.js';
import type { Task } from '../task/task.js';
import { runGradientFlow } from './gradientFlow.js';
import { initStudent } from './init.js';
import { createWorkspace } from '../kernels/arena.js';
import { createRecorder, recorderScratchShapes, type RunRecorder } from './recordRun.js';
import { reduce } from './reducedDescent.js';
import type { Layers, RunRecord, StudentSpec, TrainingSpec } from './student.js';
import {
  runGradientDescent,
  runGradientDescentOn,
  type LinearGdRun,
  type Observer,
  type ProgramTeam,
} from './trainer.js';

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
  /** 'js' forces the JavaScript twins of the kernels (bit-identical; for tests and benchmarks). */
  readonly kernels?: 'auto' | 'js';
  /** Weight-matrix numbers (1-based, input side first) that keep their initial values (fine-tuning). */
  readonly frozen?: readonly number[];
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
  const reduced = !flow && options.inputReduction !== 'off' ? reduce(task, layers) : undefined;
  const gd = {
    update: student.update,
    training,
    team: options.team,
    onEpoch: options.onEpoch,
    frozen: options.frozen,
    kernels: options.kernels,
    initScale: student.initScale,
  };
  if (reduced) {
    // GD on the reduced problem; the observer (if any) sees the lifted full layers, W and E.
    const observe = options.observe;
    runGradientDescentOn(task, reduced.problem, reduced.start, {
      ...gd,
      record: (epoch, arenaLayers, wr, er) => {
        reduced.recorder.add(epoch, wr, er);
        if (!observe) return;
        reduced.lift(arenaLayers, layers);
        const { w, e } = reduced.liftMap(wr);
        observe(epoch, layers, w, e);
      },
    });
    reduced.lift(reduced.start, layers);
    return { ...reduced.recorder.result(), finalLayers: layers };
  }
  // The recorder's product storage lives in the kernel arena below the training workspace.
  const scratch = createWorkspace(recorderScratchShapes(task), options.kernels === 'js');
  try {
    return trainFull(
      task,
      layers,
      training,
      gd,
      options,
      createRecorder(task, { v: scratch.mats[0], wv: scratch.mats[1] }),
    );
  } finally {
    scratch.release();
  }
}

/** The full-coordinate path of `trainStudent`: GD or the flow on the task itself. */
function trainFull(
  task: Task,
  layers: Layers,
  training: TrainingSpec,
  gd: Omit<LinearGdRun, 'observe'>,
  options: TrainOptions,
  recorder: RunRecorder,
): RunRecord & { finalLayers: Layers } {
  const observe: Observer = options.observe
    ? (t, ls, w, e) => {
        recorder.add(t, w, e);
        options.observe!(t, ls, w, e);
      }
    : (t, _ls, w, e) => recorder.add(t, w, e);
  if (training.integrator === 'flow') {
    if (options.frozen?.length)
      throw new RangeError(
        'trainStudent: frozen layers are not supported by the flow integrator of the fast path; use trainModel',
      );
    runGradientFlow(task, layers, training, observe, options.onEpoch, { kernels: options.kernels });
  } else if (options.observe) runGradientDescent(task, layers, { ...gd, observe });
  // Nobody reads the layers at recorded epochs: record W and E straight from the workspace.
  else runGradientDescentOn(task, task, layers, { ...gd, record: (t, _arenaLayers, w, e) => recorder.add(t, w, e) });
  return { ...recorder.result(), finalLayers: layers };
}
