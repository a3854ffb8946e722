// `npm run bench`: speed of the simulation against a numpy + OpenBLAS reference measured in
// the same run, parallel runs, and the flow integrator's time to a given accuracy.
// Usage: node dist/bench/main.js [--json] [--quick] [--only=gd,cli,deep,runs,flow,nonlinear]. Timings are wall clock, best of a few
// repeats; they vary with machine load (the bench reports the load average it saw). Whole
// processes also report their CPU time (user + system, Linux), which load disturbs less.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig, type SimulationConfig } from '../config/simulationConfig.js';
import { runGradientFlow } from '../network/gradientFlow.js';
import { kernelBackend } from '../kernels/arena.js';
import { initStudent } from '../network/init.js';
import { inputSubspace } from '../network/inputSubspace.js';
import { trainStudent } from '../network/train.js';
import { createRecorder } from '../network/recordRun.js';
import { runRng, simulate, simulateRun, studentSpecOf, taskSpecOf, trainingSpecOf } from '../network/simulate.js';
import { runGradientDescent } from '../network/trainer.js';
import { simulateParallel } from '../parallel/simulateParallel.js';
import { nonlinearSection } from './nonlinear.js';
import { createTeam } from '../parallel/team.js';
import { buildTask } from '../task/buildTask.js';

const args = new Set(process.argv.slice(2));
const asJson = args.has('--json');
const quick = args.has('--quick');
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
/** The sections to run (all without --only). */
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : undefined;
const wanted = (section: string) => !only || only.has(section);
const root = fileURLToPath(new URL('../../', import.meta.url));
const report: Record<string, unknown> = {};
const log = (s: string) => {
  if (!asJson) console.log(s);
};

/** Training FLOP of one GD run, one hidden layer, Σ11 = I: per epoch W = W2W1, W2ᵀE, EW1ᵀ. */
function gdFlop(n1: number, n2: number, n3: number, epochs: number): number {
  return epochs * 6 * n1 * n2 * n3;
}

/** Best of `repeats` runs of f: wall seconds, and this process's CPU seconds (all its threads). */
function best<T>(repeats: number, f: () => T): { seconds: number; cpuSeconds: number; value: T } {
  let seconds = Infinity;
  let cpuSeconds = Infinity;
  let value!: T;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    value = f();
    const c = process.cpuUsage(c0);
    seconds = Math.min(seconds, (performance.now() - t0) / 1e3);
    cpuSeconds = Math.min(cpuSeconds, (c.user + c.system) / 1e6);
  }
  return { seconds, cpuSeconds, value };
}

async function bestAsync<T>(repeats: number, f: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  let seconds = Infinity;
  let value!: T;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    value = await f();
    seconds = Math.min(seconds, (performance.now() - t0) / 1e3);
  }
  return { seconds, value };
}

function fmt(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toPrecision(digits) : String(x);
}

/** CPU seconds (user + system) of this process's finished children so far; undefined without Linux /proc. */
function childCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // The fields after "(comm) ": state is field 3, cutime field 16 and cstime field 17, in ticks of 1/100 s.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[13]) + Number(f[14]);
    return Number.isFinite(ticks) ? ticks / 100 : undefined;
  } catch {
    return undefined;
  }
}

/** Wall and CPU seconds of one child process run by `run` (CPU undefined where it cannot be read). */
function timeChild<T>(run: () => T): { seconds: number; cpuSeconds: number | undefined; value: T } {
  const c0 = childCpuSeconds();
  const t0 = performance.now();
  const value = run();
  const seconds = (performance.now() - t0) / 1e3;
  const c1 = childCpuSeconds();
  return { seconds, cpuSeconds: c0 !== undefined && c1 !== undefined ? c1 - c0 : undefined, value };
}

/** Runs the numpy reference script; undefined (with the reason logged) when python3 or numpy is missing. */
function numpy(
  argv: string[],
): { json: Record<string, number>; processSeconds: number; cpuSeconds: number | undefined } | undefined {
  const {
    seconds: processSeconds,
    cpuSeconds,
    value: r,
  } = timeChild(() => spawnSync('python3', [join(root, 'bench', 'numpy_reference.py'), ...argv], { encoding: 'utf8' }));
  if (r.error || r.status !== 0) {
    const why = r.error ? String(r.error.message) : r.stderr.trim().split('\n').pop();
    log(`  numpy reference skipped: ${why}`);
    report.numpySkipped = why;
    return undefined;
  }
  return { json: JSON.parse(r.stdout.trim().split('\n').pop()!), processSeconds, cpuSeconds };
}

function config(n1: number, n2: number, n3: number, extra: Record<string, unknown> = {}): SimulationConfig {
  return resolveConfig({ inputDim: n1, examples: n1, hiddenDims: [n2], outputDim: n3, runs: 1, ...extra });
}

async function gdSection(label: string, n1: number, n2: number, n3: number, repeats: number): Promise<void> {
  const c = config(n1, n2, n3);
  const fullFlop = gdFlop(n1, n2, n3, c.epochs);
  // The default path trains in the input subspace S (src/network/inputSubspace.ts): r = dim S columns instead of N1.
  const probeTask = buildTask(taskSpecOf(c), runRng(c.seed, 0));
  const probeLayers = initStudent(probeTask, studentSpecOf(c), runRng(c.seed, 0).fork('init'));
  const r = inputSubspace(probeTask, probeLayers[0])?.rank ?? n1;
  const flop = gdFlop(r, n2, n3, c.epochs);
  log(
    `\n== GD, ${label}: N1 = P = ${n1}, N2 = ${n2}, N3 = ${n3}, ${c.epochs} epochs, recorded every ${c.reportEvery} ==`,
  );
  log(
    `  FLOP per run in full coordinates = epochs · 6·N1·N2·N3 = ${fmt(fullFlop / 1e9)} GFLOP (W = W2W1, W2ᵀE, EW1ᵀ; E = Σ31 − W elementwise)`,
  );
  log(
    `  executed: GD in the input subspace of dim r = ${r} (rowspace Σ31 + rowspace W¹(0)): epochs · 6·r·N2·N3 = ${fmt(flop / 1e9)} GFLOP; GFLOP/s below are of executed FLOP`,
  );
  const one = best(repeats, () => simulateRun(c, 0));
  const team = await createTeam(availableParallelism());
  const teamed = team ? best(repeats, () => simulateRun(c, 0, undefined, team)) : undefined;
  await team?.close();
  const same = teamed ? JSON.stringify(teamed.value) === JSON.stringify(one.value) : true;
  log(
    `  one thread:      ${fmt(one.seconds)} s per run (task, init, training, records; CPU ${fmt(one.cpuSeconds)} s)  ${fmt(flop / one.seconds / 1e9)} GFLOP/s`,
  );
  if (teamed)
    log(
      `  ${availableParallelism()}-thread team:   ${fmt(teamed.seconds)} s per run  ${fmt(flop / teamed.seconds / 1e9)} GFLOP/s  (byte-identical to one thread: ${same})`,
    );
  const entry: Record<string, unknown> = {
    n1,
    n2,
    n3,
    epochs: c.epochs,
    subspaceRank: r,
    fullCoordinateFlop: fullFlop,
    flop,
    oneThreadSeconds: one.seconds,
    oneThreadCpuSeconds: one.cpuSeconds,
    teamSeconds: teamed?.seconds,
    teamIdentical: same,
  };
  const np = numpy([String(n1), String(n2), String(n3), String(c.epochs), '10', String(repeats)]);
  if (np) {
    const { authorsSeconds, authorsCpuSeconds, bareSeconds, authorsFlop, bareFlop } = np.json;
    const ours = Math.min(one.seconds, teamed?.seconds ?? Infinity);
    log(
      `  numpy ${np.json.numpy ?? ''} + OpenBLAS, authors' way (Σ31 form incl. ·Σ11, errors every 10 epochs): ${fmt(authorsSeconds)} s (${fmt(authorsFlop / authorsSeconds / 1e9)} GFLOP/s of its ${fmt(authorsFlop / 1e9)} GFLOP)`,
    );
    log(
      `  numpy bare five-product data-form loop: ${fmt(bareSeconds)} s (${fmt(bareFlop / bareSeconds / 1e9)} GFLOP/s of ${fmt(bareFlop / 1e9)} GFLOP)`,
    );
    log(
      `  ratio dlgen run / numpy authors' loop = ${fmt(ours / authorsSeconds)} (CPU: dlgen one thread ${fmt(one.cpuSeconds)} s / numpy ${fmt(authorsCpuSeconds)} s = ${fmt(one.cpuSeconds / authorsCpuSeconds)});  / numpy bare loop = ${fmt(ours / bareSeconds)}`,
    );
    Object.assign(entry, {
      numpyAuthorsSeconds: authorsSeconds,
      numpyAuthorsCpuSeconds: authorsCpuSeconds,
      cpuRatioToAuthors: one.cpuSeconds / authorsCpuSeconds,
      numpyBareSeconds: bareSeconds,
      ratioToAuthors: ours / authorsSeconds,
      ratioToBare: ours / bareSeconds,
    });
  }
  if (label === 'paper Fig. 3 size' && !quick) {
    const task = buildTask(taskSpecOf(c), runRng(c.seed, 0));
    const layers = initStudent(task, studentSpecOf(c), runRng(c.seed, 0).fork('init'));
    const js = best(1, () =>
      runGradientDescent(
        task,
        layers.map((l) => ({ ...l, data: l.data.slice() })),
        { update: c.update, training: trainingSpecOf(c), observe: () => {}, kernels: 'js' },
      ),
    );
    const full = best(1, () =>
      runGradientDescent(
        task,
        layers.map((l) => ({ ...l, data: l.data.slice() })),
        { update: c.update, training: trainingSpecOf(c), observe: () => {} },
      ),
    );
    log(
      `  (full coordinates, wasm kernels: ${fmt(full.seconds)} s, ${fmt(fullFlop / full.seconds / 1e9)} GFLOP/s; JavaScript twin kernels: ${fmt(js.seconds)} s, ${fmt(fullFlop / js.seconds / 1e9)} GFLOP/s)`,
    );
    entry.fullCoordinateSeconds = full.seconds;
    entry.jsKernelSeconds = js.seconds;
  }
  (report.gd as unknown[]).push(entry);
}

function cliSection(repeats: number): void {
  log(`\n== whole process: dlgen simulate, paper size, one run, --json ==`);
  const dir = mkdtempSync(join(tmpdir(), 'dlgen-bench-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ runs: 1 }));
  const cli = join(root, 'dist', 'cli', 'main.js');
  const time = (argv: string[]) => {
    const out = { seconds: Infinity, cpuSeconds: undefined as number | undefined, value: '' };
    for (let i = 0; i < repeats; i++) {
      const t = timeChild(() => {
        const r = spawnSync(process.execPath, [cli, 'simulate', '--config', file, '--runs', '1', '--json', ...argv], {
          encoding: 'utf8',
          maxBuffer: 1 << 28,
        });
        if (r.status !== 0) throw new Error(`dlgen simulate failed: ${r.stderr}`);
        return r.stdout;
      });
      out.seconds = Math.min(out.seconds, t.seconds);
      if (t.cpuSeconds !== undefined) out.cpuSeconds = Math.min(out.cpuSeconds ?? Infinity, t.cpuSeconds);
      out.value = t.value;
    }
    return out;
  };
  const cpu = (x: number | undefined) => (x === undefined ? '' : ` (CPU ${fmt(x)} s)`);
  const all = time([]);
  const single = time(['--workers', '1']);
  log(
    `  dlgen simulate (all cores): ${fmt(all.seconds)} s${cpu(all.cpuSeconds)};  --workers 1: ${fmt(single.seconds)} s${cpu(single.cpuSeconds)};  same bytes: ${all.value === single.value}`,
  );
  const entry: Record<string, unknown> = {
    seconds: all.seconds,
    cpuSeconds: all.cpuSeconds,
    oneWorkerSeconds: single.seconds,
    identical: all.value === single.value,
  };
  const np = numpy(['100', '50', '50', '10000', '10', '1', '--authors-only']);
  if (np) {
    const py = { seconds: np.processSeconds, cpuSeconds: np.cpuSeconds };
    for (let i = 1; i < repeats; i++) {
      const again = numpy(['100', '50', '50', '10000', '10', '1', '--authors-only'])!;
      py.seconds = Math.min(py.seconds, again.processSeconds);
      if (again.cpuSeconds !== undefined) py.cpuSeconds = Math.min(py.cpuSeconds ?? Infinity, again.cpuSeconds);
    }
    const cpuRatio = all.cpuSeconds !== undefined && py.cpuSeconds ? all.cpuSeconds / py.cpuSeconds : undefined;
    log(
      `  python3 numpy_reference.py --authors-only (one run, whole process): ${fmt(py.seconds)} s${cpu(py.cpuSeconds)}`,
    );
    log(
      `  ratio dlgen process / numpy process = ${fmt(all.seconds / py.seconds)}${cpuRatio === undefined ? '' : ` (CPU ${fmt(cpuRatio)})`}  (bar: ≤ 1.5)`,
    );
    Object.assign(entry, {
      numpyProcessSeconds: py.seconds,
      numpyCpuSeconds: py.cpuSeconds,
      ratio: all.seconds / py.seconds,
      cpuRatio,
    });
  }
  report.cli = entry;
}

/** Median of a non-empty list. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * Deep students at F4's size, random and training-aligned init: D_w = 4, widths 100/50/50/50 → 50,
 * rank 3, 15 000 epochs, errors every 10. dlgen and numpy run alternately `repeats` times (so
 * both see the same load); the medians of wall and CPU seconds are compared.
 */
function deepSection(repeats: number): void {
  const epochs = quick ? 3000 : 15000;
  const entries: Record<string, unknown>[] = [];
  for (const init of ['random', 'aligned'] as const) {
    log(
      `\n== whole process: deep ${init}-init student (F4 size: D_w = 4, 100/50/50/50 → 50, rank 3, ${epochs} epochs, errors every 10; ${repeats} alternating repeats, medians) ==`,
    );
    const dir = mkdtempSync(join(tmpdir(), 'dlgen-bench-'));
    const file = join(dir, 'deep.json');
    writeFileSync(
      file,
      JSON.stringify({
        hiddenDims: [50, 50, 50],
        teacherSingularValues: [6, 4, 2],
        init,
        epochs,
        reportEvery: 10,
        runs: 1,
      }),
    );
    const cli = join(root, 'dist', 'cli', 'main.js');
    const load0 = loadavg()[0];
    const ours: { seconds: number; cpuSeconds?: number }[] = [];
    const theirs: { seconds: number; cpuSeconds?: number }[] = [];
    for (let r = 0; r < repeats; r++) {
      ours.push(
        timeChild(() => {
          const run = spawnSync(process.execPath, [cli, 'simulate', '--config', file, '--json'], {
            encoding: 'utf8',
            maxBuffer: 1 << 28,
          });
          if (run.status !== 0) throw new Error(`dlgen simulate failed: ${run.stderr}`);
        }),
      );
      const np = numpy([
        '100',
        '50',
        '50',
        String(epochs),
        '10',
        '1',
        '--deep',
        ...(init === 'aligned' ? ['--aligned'] : []),
      ]);
      if (np) theirs.push({ seconds: np.processSeconds, cpuSeconds: np.cpuSeconds });
    }
    const load1 = loadavg()[0];
    const wall = median(ours.map((x) => x.seconds));
    const cpus = ours.map((x) => x.cpuSeconds).filter((x): x is number => x !== undefined);
    const cpu = cpus.length === repeats ? median(cpus) : undefined;
    const cpuText = (x: number | undefined) => (x === undefined ? '' : `, CPU ${fmt(x)} s`);
    log(
      `  dlgen simulate (all cores): median ${fmt(wall)} s${cpuText(cpu)}  (load average ${fmt(load0, 2)} → ${fmt(load1, 2)})`,
    );
    const entry: Record<string, unknown> = {
      init,
      epochs,
      repeats,
      seconds: wall,
      cpuSeconds: cpu,
      load: [load0, load1],
    };
    if (theirs.length === repeats) {
      const npWall = median(theirs.map((x) => x.seconds));
      const npCpus = theirs.map((x) => x.cpuSeconds).filter((x): x is number => x !== undefined);
      const npCpu = npCpus.length === repeats ? median(npCpus) : undefined;
      log(
        `  python3 numpy_reference.py --deep${init === 'aligned' ? ' --aligned' : ''} (one run, whole process): median ${fmt(npWall)} s${cpuText(npCpu)}`,
      );
      const cpuRatio = cpu !== undefined && npCpu ? cpu / npCpu : undefined;
      log(
        `  ratio dlgen process / numpy process = ${fmt(wall / npWall)}${cpuRatio === undefined ? '' : ` (CPU ${fmt(cpuRatio)})`}  (bar: ≤ 1.0)`,
      );
      Object.assign(entry, {
        numpyProcessSeconds: npWall,
        numpyCpuSeconds: npCpu,
        ratio: wall / npWall,
        cpuRatio,
      });
    }
    entries.push(entry);
  }
  report.deep = entries;
}

async function runsSection(): Promise<void> {
  const c = resolveConfig({ runs: 10 });
  log(`\n== the 10-run experiment (paper defaults) ==`);
  const all = await bestAsync(1, () => simulateParallel(c));
  const one = best(1, () => simulate(c));
  const same = JSON.stringify(all.value) === JSON.stringify(one.value);
  log(
    `  ${availableParallelism()} cores: ${fmt(all.seconds)} s;  one core (simulate): ${fmt(one.seconds)} s;  speed-up ${fmt(one.seconds / all.seconds)};  byte-identical: ${same}`,
  );
  report.tenRuns = {
    cores: availableParallelism(),
    allCoresSeconds: all.seconds,
    oneCoreSeconds: one.seconds,
    identical: same,
  };
}

function flowSection(): void {
  const c = resolveConfig({ runs: 1 });
  log(`\n== flow integrator vs GD: time to 1e-6 accuracy (paper size, t/τ ∈ [0, 10]) ==`);
  log('  accuracy = max over the 2001 recorded epochs of |ε_test − ε_test^ref| / ε_test^ref, the reference');
  log('  being the λ → 0 limit: the flow solved at flowTolerance 1e-13. Times exclude task set-up.');
  const task = buildTask(taskSpecOf(c), runRng(c.seed, 0));
  const layers = initStudent(task, studentSpecOf(c), runRng(c.seed, 0).fork('init'));
  const copy = () => layers.map((l) => ({ ...l, data: l.data.slice() }));
  const flow = (tol: number) => {
    const rec = createRecorder(task);
    const stats = runGradientFlow(task, copy(), { ...trainingSpecOf(c), flowTolerance: tol }, (t, _l, w, e) =>
      rec.add(t, w, e),
    );
    return { test: rec.result().testError, stats };
  };
  const ref = flow(1e-13).test;
  const acc = (test: number[]) => Math.max(...test.map((x, i) => Math.abs(x - ref[i]) / ref[i]));
  const rows: Record<string, unknown>[] = [];
  let chosen: { tol: number; seconds: number; error: number; evaluations: number } | undefined;
  for (const tol of [1e-6, 1e-7, 1e-8, 1e-9, 1e-10]) {
    const r = best(3, () => flow(tol));
    const error = acc(r.value.test);
    rows.push({ tol, seconds: r.seconds, error, ...r.value.stats });
    log(
      `  flow, flowTolerance ${tol.toExponential(0)}: ${fmt(r.seconds)} s, ${r.value.stats.steps} steps, ${r.value.stats.evaluations} gradient evaluations, accuracy ${fmt(error, 2)}`,
    );
    if (!chosen && error <= 1e-6) chosen = { tol, seconds: r.seconds, error, evaluations: r.value.stats.evaluations };
  }
  // GD as `dlgen simulate` runs it (trainStudent: input-subspace reduction when it applies).
  const gd = (lr: number) => {
    const epochs = Math.round(10 / lr);
    const t0 = performance.now();
    const rec = trainStudent(
      task,
      studentSpecOf(c),
      { ...trainingSpecOf(c), learningRate: lr, epochs, reportEvery: epochs / 2000 },
      runRng(c.seed, 0),
      { initialLayers: layers },
    );
    return { seconds: (performance.now() - t0) / 1e3, error: acc(rec.testError), epochs };
  };
  const g1 = gd(1e-3);
  const g2 = gd(5e-4);
  const rate = Math.log2(g1.error / g2.error);
  const lrNeeded = 1e-3 * Math.pow(1e-6 / g1.error, 1 / Math.max(rate, 0.5));
  const gdSeconds = g1.seconds * (1e-3 / lrNeeded);
  log(
    `  GD (sequential) λ = 1e-3, 10000 epochs: ${fmt(g1.seconds)} s, accuracy ${fmt(g1.error, 2)};  λ = 5e-4: accuracy ${fmt(g2.error, 2)} (observed order ${fmt(rate, 2)})`,
  );
  log(
    `  GD needs λ ≈ ${fmt(lrNeeded, 2)} for 1e-6, i.e. ≈ ${fmt((1e-3 / lrNeeded) * 1e4, 2)} epochs ≈ ${fmt(gdSeconds, 2)} s (extrapolated at the measured speed)`,
  );
  if (chosen)
    log(
      `  flow reaches 1e-6 at flowTolerance ${chosen.tol.toExponential(0)} in ${fmt(chosen.seconds)} s: ${fmt(g1.seconds / chosen.seconds, 2)}× faster than 10000 GD epochs, ${fmt(gdSeconds / chosen.seconds, 2)}× faster than GD at equal accuracy`,
    );
  report.flow = { rows, chosen, gd: { lr1e3: g1, lr5e4: g2, order: rate, lrNeeded, extrapolatedSeconds: gdSeconds } };
}

async function main(): Promise<void> {
  report.machine = {
    cores: availableParallelism(),
    node: process.version,
    kernels: kernelBackend(),
    loadavgAtStart: loadavg()[0],
  };
  report.gd = [];
  log(
    `dlgen bench: ${availableParallelism()} cores, node ${process.version}, kernels: ${kernelBackend()}, load average ${fmt(loadavg()[0], 2)}`,
  );
  if (wanted('gd')) await gdSection('paper Fig. 3 size', 100, 50, 50, quick ? 1 : 3);
  if (wanted('gd') && !quick) await gdSection('4× larger', 400, 200, 200, 1);
  if (wanted('cli')) cliSection(quick ? 1 : 3);
  if (wanted('deep')) deepSection(quick ? 1 : 5);
  if (wanted('runs') && !quick) await runsSection();
  if (wanted('flow')) flowSection();
  if (wanted('nonlinear')) report.nonlinear = nonlinearSection({ quick, root, log });
  report.loadavgAtEnd = loadavg()[0];
  if (asJson) console.log(JSON.stringify(report, null, 2));
}

await main();
