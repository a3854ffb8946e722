#!/usr/bin/env node
// `npm run bench:figures`: what `dlgen figure --all` runs (drawFigures from dist/, paper sizes and
// run counts, every core), figure by figure: wall time and CPU time (this process and its worker
// threads: the fair number on a shared machine), beside numpy the authors' way for F3
// (bench/numpy_f3.py: every F3 run one after another, per-epoch matrix products, its own wall and
// CPU time). Not a test: it only measures.
//
// usage: node bench/figures.mjs [--out DIR] [--figures F1,F3,...] [--no-numpy] [--numpy-runs R] [--json] [--dist DIR] [--runs R]
// --dist DIR: the build to measure (default: this checkout's dist/).
// --runs R: R runs per simulated point instead of the paper's (a partial measurement: simulation
// cost scales with the runs, so it is an estimate of the full set; the output says so).
// The output directory defaults to a fresh temporary one (no cache), so every unit is computed.
// --numpy-runs R runs R runs per F3 cell in numpy and scales its times to dlgen's runs per cell (10, or --runs).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = opt('--out') ?? mkdtempSync(join(tmpdir(), 'dlgen-bench-figures-'));
const figures = (opt('--figures') ?? 'F1,F2,F3,F4,F5,F6,F7,F8,F9').split(',');
const dist = opt('--dist') ?? join(root, 'dist');
const runs = opt('--runs') ? Number(opt('--runs')) : undefined;
const { drawFigures } = await import(pathToFileURL(join(dist, 'figures/runFigures.js')).href);
const load = loadavg()[0];
const rows = [];
let total = 0;
let totalCpu = 0;
for (const name of figures) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await drawFigures([name], { size: 'paper', seed: 0, out, formats: ['svg', 'png'], runs });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpuSeconds = (c.user + c.system) / 1e6;
  total += seconds;
  totalCpu += cpuSeconds;
  const loadAfter = loadavg()[0];
  rows.push({ figure: name, seconds, cpuSeconds, loadAverageAfter: loadAfter });
  console.error(
    `${name}: ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU (load average ${loadAfter.toFixed(2)} after)`,
  );
}
let numpy = null;
if (!args.includes('--no-numpy') && figures.includes('F3')) {
  try {
    const extra = opt('--numpy-runs') ? [opt('--numpy-runs')] : [];
    const text = execFileSync('python3', [join(root, 'bench/numpy_f3.py'), ...extra], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    numpy = JSON.parse(text);
  } catch (e) {
    console.error(`bench:figures: numpy reference skipped (${e.message.split('\n')[0]})`);
  }
}
const f3 = rows.find((r) => r.figure === 'F3');
// numpy's grid scaled to the runs per cell dlgen drew (10, or --runs R for a partial measurement).
const perCell = runs ?? 10;
const scale = numpy ? perCell / numpy.runsPerCell : 1;
const doc = {
  cores: availableParallelism(),
  runsPerPoint: runs ?? 'paper',
  loadAverageAtStart: load,
  out,
  figures: rows,
  totalSeconds: total,
  totalCpuSeconds: totalCpu,
  numpyF3: numpy,
  f3SpeedupOverNumpy: numpy && f3 ? (numpy.seconds * scale) / f3.seconds : null,
  f3CpuSpeedupOverNumpy: numpy && f3 ? (numpy.cpuSeconds * scale) / f3.cpuSeconds : null,
};
if (args.includes('--json')) console.log(JSON.stringify(doc, null, 2));
else {
  console.log(
    `dlgen figure at paper size${runs ? ` with ${runs} run(s) per point (not the paper's run counts)` : ''}, ${doc.cores} cores, load average ${load.toFixed(2)} at start (files in ${out})`,
  );
  for (const r of rows)
    console.log(
      `  ${r.figure.padEnd(4)} ${r.seconds.toFixed(1).padStart(8)} s wall ${r.cpuSeconds.toFixed(1).padStart(8)} s CPU   (load average ${r.loadAverageAfter.toFixed(2)} after)`,
    );
  console.log(`  total ${total.toFixed(1).padStart(7)} s wall ${totalCpu.toFixed(1).padStart(8)} s CPU`);
  if (numpy) {
    console.log(
      `F3, numpy the authors' way (${numpy.runs} runs × ${numpy.epochs} epochs, one after another): ${numpy.seconds.toFixed(1)} s wall, ${numpy.cpuSeconds.toFixed(1)} s CPU`,
    );
    if (f3)
      console.log(
        `  scaled to ${perCell} run(s) per cell as dlgen drew: dlgen is ${doc.f3SpeedupOverNumpy.toFixed(2)}× faster in wall time, ${doc.f3CpuSpeedupOverNumpy.toFixed(2)}× in CPU time`,
      );
  }
}
