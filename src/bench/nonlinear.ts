// The nonlinear section of `npm run bench`: one F10 run (THEORY.md §10 F10: N1 = P = 100 one-hot,
// hidden widths 50, N3 = 50, leaky ReLU slope 0.1, λ = 2·10⁻⁴, errors every 50 epochs) trained by the
// kernel fast path (src/network/nonlinearFast.ts), beside bench/numpy_nonlinear.py (plain numpy GD,
// per-epoch matrix products) and the engine's reference GD, in wall and CPU seconds. The D_w = 4 run
// (500 000 epochs) is timed on a slice and scaled to the full run: every epoch costs the same.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../config/simulationConfig.js';
import { trainNonlinearStudent, type NonlinearBackend } from '../network/nonlinearStudent.js';
import { runRng, taskSpecOf } from '../network/simulate.js';
import { buildTask } from '../task/buildTask.js';

/** Seconds of wall clock and of this process's CPU for one call. */
function timed(f: () => void): { seconds: number; cpuSeconds: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const c = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1e3, cpuSeconds: (c.user + c.system) / 1e6 };
}

/** One F10 run's config at depth D_w, m = 10, rank 1, for `epochs` epochs. */
function f10Config(depth: number, epochs: number) {
  return resolveConfig({
    inputDim: 100,
    examples: 100,
    inputs: 'onehot',
    hiddenDims: Array.from({ length: depth - 1 }, () => 50),
    outputDim: 50,
    teacherSingularValues: [10],
    noiseStd: Math.SQRT2,
    activation: 'leakyRelu',
    leakySlope: 0.1,
    learningRate: 2e-4,
    initScale: 1e-5,
    epochs,
    reportEvery: 50,
    runs: 1,
    seed: 0,
  });
}

function ours(depth: number, epochs: number, backend: NonlinearBackend) {
  const c = f10Config(depth, epochs);
  const task = buildTask(taskSpecOf(c), runRng(c.seed, 0));
  return timed(() => trainNonlinearStudent(c, task, runRng(c.seed, 0), undefined, { backend }));
}

function numpyRun(root: string, depth: number, epochs: number): { seconds: number; cpuSeconds: number } | string {
  const r = spawnSync('python3', [join(root, 'bench', 'numpy_nonlinear.py'), String(depth), String(epochs), '50'], {
    encoding: 'utf8',
  });
  if (r.error || r.status !== 0) return r.error ? String(r.error.message) : r.stderr.trim().split('\n').pop()!;
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { seconds: number; cpuSeconds: number };
}

/** Times one F10 run per depth (fast path, numpy, reference GD on a slice); returns the report entry. */
export function nonlinearSection(o: {
  quick: boolean;
  root: string;
  log: (s: string) => void;
}): Record<string, unknown> {
  const f = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : String(x));
  o.log(`\n== nonlinear students: one F10 run (leaky ReLU 0.1, N1 = P = 100 one-hot, widths 50, errors every 50) ==`);
  o.log(
    `  load average ${f(loadavg()[0])}; times are per run, scaled linearly from the slice timed; CPU = this process`,
  );
  const rows: Record<string, unknown>[] = [];
  for (const [depth, full] of [
    [2, 40000],
    [4, 500000],
  ]) {
    const slice = o.quick ? 2000 : depth === 2 ? full : 20000;
    const scale = full / slice;
    const fast = ours(depth, slice, 'fast');
    const refSlice = Math.min(slice, 2000);
    const ref = ours(depth, refSlice, 'reference');
    const np = numpyRun(o.root, depth, slice);
    const row: Record<string, unknown> = {
      depth,
      epochs: full,
      timedEpochs: slice,
      seconds: fast.seconds * scale,
      cpuSeconds: fast.cpuSeconds * scale,
      referenceSeconds: (ref.seconds * full) / refSlice,
      referenceCpuSeconds: (ref.cpuSeconds * full) / refSlice,
    };
    o.log(
      `  D_w = ${depth}, ${full} epochs (timed ${slice}): dlgen fast path ${f(fast.seconds * scale)} s wall, ${f(fast.cpuSeconds * scale)} s CPU;` +
        ` reference GD ${f((ref.seconds * full) / refSlice)} s wall, ${f((ref.cpuSeconds * full) / refSlice)} s CPU (timed ${refSlice})`,
    );
    if (typeof np === 'string') {
      o.log(`  numpy skipped: ${np}`);
      row.numpySkipped = np;
    } else {
      Object.assign(row, {
        numpySeconds: np.seconds * scale,
        numpyCpuSeconds: np.cpuSeconds * scale,
        ratioCpu: fast.cpuSeconds / np.cpuSeconds,
      });
      o.log(
        `  numpy (bench/numpy_nonlinear.py, same loop): ${f(np.seconds * scale)} s wall, ${f(np.cpuSeconds * scale)} s CPU;` +
          ` ratio dlgen / numpy = ${f(fast.cpuSeconds / np.cpuSeconds)} (CPU), ${f(fast.seconds / np.seconds)} (wall)`,
      );
    }
    rows.push(row);
  }
  return { loadavg: loadavg()[0], rows };
}
