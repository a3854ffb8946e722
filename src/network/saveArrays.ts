import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulationConfig } from '../config/simulationConfig.js';
import { isNonlinearConfig } from '../config/activationFields.js';
import { trainNonlinearStudent } from './nonlinearStudent.js';
import type { Mat } from '../linalg/mat.js';
import { buildTask } from '../task/buildTask.js';
import { initStudent } from './init.js';
import { runRng, studentSpecOf, taskSpecOf, trainingSpecOf } from './simulate.js';
import { trainStudent } from './train.js';

/**
 * A NumPy .npy file (format 1.0) holding a float64 matrix in C (row-major) order: the magic
 * string, a header dict padded with spaces to a multiple of 64 bytes, then the little-endian data.
 */
export function npyBytes(m: Mat): Uint8Array {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${m.rows}, ${m.cols}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + 8 * m.data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY v1.0
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const base = 10 + header.length;
  for (let i = 0; i < m.data.length; i++) view.setFloat64(base + 8 * i, m.data[i], true);
  return out;
}

/** Writes a file atomically: a temporary file in the same directory, then a rename over the target. */
export function writeFileAtomicSync(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Why an arrays directory cannot be used: it exists and is not empty (and force was not given), or is a file. */
export class ArraysDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArraysDirError';
  }
}

/**
 * Checks that `dir` may receive a run's arrays: absent, an empty directory, or (with `force`) any
 * directory. Throws ArraysDirError otherwise. Call it before the work starts.
 */
export function checkArraysDir(dir: string, force: boolean): void {
  let st;
  try {
    st = statSync(dir);
  } catch {
    return;
  }
  if (!st.isDirectory()) throw new ArraysDirError(`--save-arrays: ${dir} exists and is not a directory`);
  if (!force && readdirSync(dir).length > 0)
    throw new ArraysDirError(
      `--save-arrays: ${dir} exists and is not empty; pass --force to write into it (its run-* folders are replaced)`,
    );
}

/** The arrays of one simulation run: data, teacher, and every weight matrix at the start and the end (THEORY.md (2.1) shapes). */
export interface RunArrays {
  /** X, N1×P. */
  readonly inputs: Mat;
  /** Ŷ, N3×P: the noisy training targets. */
  readonly targets: Mat;
  /** W̄, N3×N1. */
  readonly teacher: Mat;
  /** W^l(0), l = 1 … D_w (index l − 1). */
  readonly initial: Mat[];
  /** W^l at the last epoch. */
  readonly final: Mat[];
}

/** Run `run` of a validated config, retrained exactly as `simulate` trains it, with its arrays. */
export function runArrays(c: SimulationConfig, run: number): RunArrays {
  const rng = runRng(c.seed, run);
  const task = buildTask(taskSpecOf(c), rng);
  if (isNonlinearConfig(c)) {
    const { initial, final } = trainNonlinearStudent(c, task, rng);
    return { inputs: task.x, targets: task.y, teacher: task.teacher, initial, final };
  }
  const student = studentSpecOf(c);
  const initial = initStudent(task, student, rng.fork('init'));
  const { finalLayers } = trainStudent(task, student, trainingSpecOf(c), rng, { initialLayers: initial });
  return { inputs: task.x, targets: task.y, teacher: task.teacher, initial, final: finalLayers };
}

/**
 * Writes `dir/config.json` (the resolved config) and, for each run r, `dir/run-<r>/` with
 * inputs.npy, targets.npy, teacher.npy, initial-<l>.npy and final-<l>.npy (float64, C order),
 * every file atomically. Refuses a non-empty `dir` unless `force` (then its run-* folders are
 * replaced). The runs are retrained one after another on this thread (same bytes as `simulate`).
 */
export function saveSimulationArrays(
  c: SimulationConfig,
  dir: string,
  options: { force?: boolean; onRun?: (run: number) => void } = {},
): void {
  checkArraysDir(dir, options.force ?? false);
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir))
    if (/^run-\d+$/.test(name)) rmSync(join(dir, name), { recursive: true, force: true });
  writeFileAtomicSync(join(dir, 'config.json'), `${JSON.stringify(c, null, 2)}\n`);
  for (let r = 0; r < c.runs; r++) {
    const a = runArrays(c, r);
    const runDir = join(dir, `run-${r}`);
    mkdirSync(runDir, { recursive: true });
    const put = (name: string, m: Mat) => writeFileAtomicSync(join(runDir, `${name}.npy`), npyBytes(m));
    put('inputs', a.inputs);
    put('targets', a.targets);
    put('teacher', a.teacher);
    a.initial.forEach((m, l) => put(`initial-${l + 1}`, m));
    a.final.forEach((m, l) => put(`final-${l + 1}`, m));
    options.onRun?.(r);
  }
}
