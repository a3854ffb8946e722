import { epochGrid, type SimulationConfig } from '../config/simulationConfig.js';
import { discreteModeTrajectory } from '../dynamics/discreteRecursion.js';
import { trainAlignedSubspace } from '../network/alignedSubspace.js';
import { runRng, studentSpecOf, taskSpecOf, trainingSpecOf } from '../network/simulate.js';
import { buildTask } from '../task/buildTask.js';
import { taskOfRun } from '../network/simulate.js';
import { mapInWorkers, siblingModule } from '../parallel/pool.js';
import type { Task } from '../task/task.js';

/** Error curves of the runs of one cell, on the recorded epochs. */
export interface CellRuns {
  readonly epochs: number[];
  readonly runs: readonly { readonly trainError: number[]; readonly testError: number[] }[];
}

/** Machine epsilon of float64. */
const EPS = 2 ** -52;

/**
 * Why a config's training-aligned GD is not exactly one scalar recursion per mode, or undefined
 * when it is: a linear TA student trained by GD on inputs with Σ11 = c·I or a projector
 * (one-hot or orthogonal inputs); Gaussian inputs (general Σ11), random init (which nonlinear
 * students always have) and the flow do not decouple (§3.1).
 */
export function decouplingRefusal(c: SimulationConfig): string | undefined {
  if (c.init !== 'aligned') return `init "${c.init}" (needs "aligned")`;
  if (c.inputs === 'gaussian') return 'Gaussian inputs (Σ11 is not c·I or a projector)';
  if (c.integrator !== 'gd') return `integrator "${c.integrator}" (needs "gd")`;
  return undefined;
}

/**
 * Run `run` of a TA config computed mode by mode, on exactly the task `simulate` draws for that
 * run (`taskOfRun`). W(t) = Σ_{k<m} p_k(t) û_k v̂_kᵀ, m = min(N1, N3, N2,…): a data mode
 * (ŝ_k above rounding, v̂_k in the row space of X, so Σ11 v̂_k = c v̂_k) follows the discrete
 * recursion (3.9) of ŝ_k with input scale c; for a projector Σ11 (P < N1) a mode beyond the data
 * rank has Σ11 v̂_k = 0 when rank Σ31 = P, and keeps its initial strength (no gradient reaches it).
 * Then ‖W − W̄‖² = ‖W̄‖² + Σ_k (p_k² − 2 p_k û_kᵀW̄v̂_k) (1.6), and ‖Ŷ − WX‖²·c = Σ_k over data modes
 * (ŝ_k − c p_k)² + Σ_{k ≥ m} ŝ_k² + c·(unfittable part of Ŷ) (1.7); equal to matrix GD to rounding.
 */
export function alignedDecoupledRun(c: SimulationConfig, run: number): { trainError: number[]; testError: number[] } {
  const refusal = decouplingRefusal(c);
  if (refusal) throw new RangeError(`alignedDecoupledRun: the decoupled path does not apply to ${refusal}`);
  return decoupledErrors(taskOfRun(c, run), c);
}

/** What the decoupled path needs of a TA student and its training (a SimulationConfig or TransferConfig has it). */
export type DecoupledStudent = Pick<
  SimulationConfig,
  'hiddenDims' | 'initScale' | 'learningRate' | 'update' | 'epochs' | 'reportEvery'
>;

/** The errors of a TA student on a drawn task with Σ11 = c·I or a projector, mode by mode (see `alignedDecoupledRun`). */
export function decoupledErrors(task: Task, c: DecoupledStudent): { trainError: number[]; testError: number[] } {
  const { s } = task.svd31;
  const n1 = task.spec.inputDim;
  const n3 = task.spec.outputDim;
  const modes = Math.min(n1, n3, ...c.hiddenDims);
  const scale = task.sigma11Scale;
  const kind = task.sigma11Kind;
  if (kind === 'general') throw new RangeError('alignedDecoupledRun: Σ11 is general (Gaussian inputs)');
  const tol = Math.max(n3, n1) * EPS * s[0];
  let dataRank = 0;
  while (dataRank < s.length && s[dataRank] > tol) dataRank++;
  if (kind === 'projector' && modes > dataRank && dataRank !== task.spec.examples) {
    throw new RangeError(
      `alignedDecoupledRun: rank Σ31 = ${dataRank} < P = ${task.spec.examples} leaves student modes with Σ11 v̂ ≠ 0 or c·v̂`,
    );
  }
  const spec = {
    initScale: c.initScale,
    learningRate: c.learningRate,
    depth: c.hiddenDims.length + 1,
    update: c.update,
    epochs: c.epochs,
    reportEvery: c.reportEvery,
  };
  // A projector's modes beyond the data rank see Σ11 v̂ = 0 and no target: input scale 0, ŝ = 0.
  const nullMode = (k: number) => kind === 'projector' && k >= dataRank;
  const strengths = Array.from({ length: modes }, (_, k) =>
    nullMode(k)
      ? discreteModeTrajectory(0, { ...spec, inputScale: 0 })
      : discreteModeTrajectory(s[k], { ...spec, inputScale: scale }),
  );
  const pull = teacherPulls(task, modes);
  let unlearned = 0;
  for (let k = modes; k < s.length; k++) unlearned += s[k] * s[k];
  const records = epochGrid(c.epochs, c.reportEvery).length;
  const trainError: number[] = [];
  const testError: number[] = [];
  for (let i = 0; i < records; i++) {
    let test = task.teacherNormSq;
    let train = unlearned / scale + task.unfittableSq;
    for (let k = 0; k < modes; k++) {
      const p = strengths[k][i];
      test += p * (p - 2 * pull[k]);
      if (nullMode(k)) train += s[k] * (s[k] - 2 * p);
      else {
        const d = s[k] - scale * p;
        train += (d * d) / scale;
      }
    }
    testError.push(Math.max(0, test) / task.teacherNormSq);
    trainError.push(Math.max(0, train) / task.targetNormSq);
  }
  return { trainError, testError };
}

/** û_kᵀ W̄ v̂_k = Σ_j s̄_j (û_k·ū_j)(v̂_k·v̄_j) for the first `modes` data modes. */
function teacherPulls(task: Task, modes: number): number[] {
  const { u, v } = task.svd31;
  const { uBar, vBar, sBar } = task;
  const n1 = task.spec.inputDim;
  const n3 = task.spec.outputDim;
  const out: number[] = [];
  for (let k = 0; k < modes; k++) {
    let pull = 0;
    for (let j = 0; j < sBar.length; j++) {
      let du = 0;
      for (let i = 0; i < n3; i++) du += u.data[i * u.cols + k] * uBar.data[i * uBar.cols + j];
      let dv = 0;
      for (let i = 0; i < n1; i++) dv += v.data[i * v.cols + k] * vBar.data[i * vBar.cols + j];
      pull += sBar[j] * du * dv;
    }
    out.push(pull);
  }
  return out;
}

/** Work (scalar recursion steps plus ~10·N1·N3·min(N1, N3) per SVD) above which a batch is worth worker threads (~1 s). */
const WORKER_WORTHY_WORK = 3e8;

/** The work of a batch of TA cells in the units of `WORKER_WORTHY_WORK`. */
function batchWork(configs: readonly SimulationConfig[]): number {
  let work = 0;
  for (const c of configs) {
    const n = Math.min(c.inputDim, c.outputDim);
    const modes = Math.min(n, ...c.hiddenDims);
    work += c.runs * (modes * c.epochs * (c.hiddenDims.length + 1) + 10 * c.inputDim * c.outputDim * n);
  }
  return work;
}

/** One TA run sent to a worker: the config and the run index. */
export interface AlignedRunJob {
  readonly config: SimulationConfig;
  readonly run: number;
}

/** Worker entry: `alignedDecoupledRun` of one job, reporting one unit of progress. */
export function alignedRunJob(
  job: AlignedRunJob,
  report?: (units: number) => void,
): { trainError: number[]; testError: number[] } {
  const r = alignedDecoupledRun(job.config, job.run);
  report?.(1);
  return r;
}

/**
 * Every run of several TA cells by `alignedDecoupledRun` (each costs one SVD and modes × epochs
 * scalar steps, against N³ per epoch for matrix GD), spread over worker threads as one batch
 * when it is big enough to pay for them (the results do not depend on the thread count), cells
 * in order; `onRuns(done)` counts runs.
 */
export async function alignedDecoupledCells(
  configs: readonly SimulationConfig[],
  options: { readonly workers?: number; readonly onRuns?: (done: number) => void } = {},
): Promise<CellRuns[]> {
  // Starting worker threads costs about half a second of CPU: a small batch runs in this thread.
  const workers = batchWork(configs) < WORKER_WORTHY_WORK ? 1 : options.workers;
  const jobs: AlignedRunJob[] = configs.flatMap((config) =>
    Array.from({ length: config.runs }, (_, run) => ({ config, run })),
  );
  const results = await mapInWorkers<AlignedRunJob, { trainError: number[]; testError: number[] }>(
    { module: siblingModule('alignedRuns', import.meta.url), name: 'alignedRunJob' },
    jobs,
    { workers, onProgress: options.onRuns },
  );
  let at = 0;
  return configs.map((c) => {
    const runs = results.slice(at, at + c.runs);
    at += c.runs;
    return { epochs: epochGrid(c.epochs, c.reportEvery), runs };
  });
}

/**
 * Run `run` of a TA config with rank Σ31 = P (e.g. Gaussian inputs with P < N1, N3) by GD in the
 * student's aligned subspace (`trainAlignedSubspace`, src/network/alignedSubspace.ts): the task,
 * init and update `simulate` uses for that run, every product on r = P coordinates instead of N;
 * equal to the full engine to rounding. Throws when the reduction does not apply.
 */
export function alignedSubspaceRunJob(
  job: AlignedRunJob,
  report?: (units: number) => void,
): { trainError: number[]; testError: number[] } {
  const c = job.config;
  const rng = runRng(c.seed, job.run);
  const task = buildTask(taskSpecOf(c), rng);
  const r = trainAlignedSubspace(task, studentSpecOf(c), trainingSpecOf(c), rng);
  if (typeof r === 'string')
    throw new RangeError(`alignedSubspaceRunJob: the aligned-subspace path does not apply: ${r}`);
  report?.(1);
  return { trainError: r.trainError, testError: r.testError };
}

/** Every run of several TA cells by `alignedSubspaceRunJob` over the worker threads, cells in order; `onRuns(done)` counts runs. */
export async function alignedSubspaceCells(
  configs: readonly SimulationConfig[],
  options: { readonly workers?: number; readonly onRuns?: (done: number) => void } = {},
): Promise<CellRuns[]> {
  const jobs: AlignedRunJob[] = configs.flatMap((config) =>
    Array.from({ length: config.runs }, (_, run) => ({ config, run })),
  );
  const results = await mapInWorkers<AlignedRunJob, { trainError: number[]; testError: number[] }>(
    { module: siblingModule('alignedRuns', import.meta.url), name: 'alignedSubspaceRunJob' },
    jobs,
    { workers: options.workers, onProgress: options.onRuns },
  );
  let at = 0;
  return configs.map((c) => {
    const runs = results.slice(at, at + c.runs);
    at += c.runs;
    return { epochs: epochGrid(c.epochs, c.reportEvery), runs };
  });
}
