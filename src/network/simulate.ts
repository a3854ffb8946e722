import { epochGrid, type SimulationConfig } from '../config/simulationConfig.js';
import { isNonlinearConfig } from '../config/activationFields.js';
import { trainNonlinearStudent } from './nonlinearStudent.js';
import { createRng, type Rng } from '../random/rng.js';
import { buildTask } from '../task/buildTask.js';
import type { Task, TaskSpec } from '../task/task.js';
import type { RunRecord, StudentSpec, TrainingSpec } from './student.js';
import { trainStudent } from './train.js';
import type { ProgramTeam } from './trainer.js';

/** Result of `simulate`: per-run records on a shared epoch grid, and their means. */
export interface SimulationResult {
  readonly config: SimulationConfig;
  readonly epochs: number[];
  readonly runs: RunRecord[];
  readonly mean: { readonly trainError: number[]; readonly testError: number[] };
}

/** Options of `simulate`. */
export interface SimulateOptions {
  /** Called with (epochs done, epochs total) over all runs. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The task part of a config. */
export function taskSpecOf(c: SimulationConfig): TaskSpec {
  return {
    inputDim: c.inputDim,
    outputDim: c.outputDim,
    examples: c.examples,
    teacherSingularValues: c.teacherSingularValues,
    noiseStd: c.noiseStd,
    inputs: c.inputs,
  };
}

/** The student part of a config. */
export function studentSpecOf(c: SimulationConfig): StudentSpec {
  return { hiddenDims: c.hiddenDims, init: c.init, initScale: c.initScale, update: c.update };
}

/** The training part of a config. */
export function trainingSpecOf(c: SimulationConfig): TrainingSpec {
  return {
    learningRate: c.learningRate,
    epochs: c.epochs,
    reportEvery: c.reportEvery,
    integrator: c.integrator,
    flowTolerance: c.flowTolerance,
  };
}

/** The random stream of run `run` (0-based): every run draws its own teacher, inputs, noise and init. */
export function runRng(seed: number, run: number): Rng {
  return createRng(seed).fork(`run${run}`);
}

/** The task of run `run` of a config, exactly as `simulate` draws it. */
export function taskOfRun(c: SimulationConfig, run: number): Task {
  return buildTask(taskSpecOf(c), runRng(c.seed, run));
}

/** Runs one simulation run of a (validated) config; `team` splits its products over helper threads (linear students). Nonlinear students train by the engine's reference GD. */
export function simulateRun(
  c: SimulationConfig,
  run: number,
  onEpoch?: (epoch: number) => void,
  team?: ProgramTeam,
): RunRecord {
  const rng = runRng(c.seed, run);
  const task = buildTask(taskSpecOf(c), rng);
  if (isNonlinearConfig(c)) return trainNonlinearStudent(c, task, rng, onEpoch).record;
  const { trainError, testError, modeStrengths } = trainStudent(task, studentSpecOf(c), trainingSpecOf(c), rng, {
    onEpoch,
    team,
  });
  return { trainError, testError, modeStrengths };
}

/** Simulates `runs` independent runs of a validated config (Appendix R1–R2). */
export function simulate(c: SimulationConfig, options: SimulateOptions = {}): SimulationResult {
  const runs: RunRecord[] = [];
  const total = c.runs * c.epochs;
  for (let r = 0; r < c.runs; r++) {
    const base = r * c.epochs;
    const onEpoch = options.onProgress ? (t: number) => options.onProgress!(base + t + 1, total) : undefined;
    runs.push(simulateRun(c, r, onEpoch));
  }
  return { config: c, epochs: epochGrid(c.epochs, c.reportEvery), runs, mean: meanOf(runs) };
}

/** Arithmetic mean over runs of the train and test error curves. */
export function meanOf(runs: readonly RunRecord[]): { trainError: number[]; testError: number[] } {
  const n = runs[0].trainError.length;
  const trainError = new Array<number>(n).fill(0);
  const testError = new Array<number>(n).fill(0);
  for (const r of runs) {
    for (let i = 0; i < n; i++) {
      trainError[i] += r.trainError[i] / runs.length;
      testError[i] += r.testError[i] / runs.length;
    }
  }
  return { trainError, testError };
}
