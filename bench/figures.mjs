#!/usr/bin/env node
// `npm run bench:figures`: `dlgen figure` at the paper's sizes and run counts, one process per
// figure (wall time each and in total), beside numpy the authors' way for F3 (bench/numpy_f3.py:
// every F3 run one after another, per-epoch matrix products). Not a test: it only measures.
//
// usage: node bench/figures.mjs [--out DIR] [--figures F1,F3,...] [--no-numpy] [--json]
// The output directory defaults to a fresh temporary one (no cache), so every unit is computed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = opt('--out') ?? mkdtempSync(join(tmpdir(), 'dlgen-bench-figures-'));
const figures = (opt('--figures') ?? 'F1,F2,F3,F4,F5,F6,F7,F8,F9').split(',');
const rows = [];
const load = loadavg()[0];
let total = 0;
for (const name of figures) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'figure', name, '--out', out], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    console.error(`bench:figures: dlgen figure ${name} exited ${r.status}`);
    process.exit(1);
  }
  total += seconds;
  rows.push({ figure: name, seconds });
  console.error(`${name}: ${seconds.toFixed(1)} s`);
}
let numpy = null;
if (!args.includes('--no-numpy') && figures.includes('F3')) {
  try {
    const text = execFileSync('python3', [join(root, 'bench/numpy_f3.py')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    numpy = JSON.parse(text);
  } catch (e) {
    console.error(`bench:figures: numpy reference skipped (${e.message.split('\n')[0]})`);
  }
}
const f3 = rows.find((r) => r.figure === 'F3');
const doc = {
  cores: availableParallelism(),
  loadAverageAtStart: load,
  out,
  figures: rows,
  totalSeconds: total,
  numpyF3: numpy,
  f3SpeedupOverNumpy: numpy && f3 ? numpy.seconds / f3.seconds : null,
};
if (args.includes('--json')) console.log(JSON.stringify(doc, null, 2));
else {
  console.log(
    `dlgen figure at paper size, ${doc.cores} cores, load average ${load.toFixed(2)} at start (files in ${out})`,
  );
  for (const r of rows) console.log(`  ${r.figure.padEnd(4)} ${r.seconds.toFixed(1).padStart(8)} s`);
  console.log(`  total ${total.toFixed(1).padStart(7)} s`);
  if (numpy)
    console.log(
      `F3 numpy the authors' way (${numpy.runs} runs × ${numpy.epochs} epochs, one after another): ${numpy.seconds.toFixed(1)} s → dlgen ${doc.f3SpeedupOverNumpy.toFixed(2)}× faster`,
    );
}
