// Measures a claim's per-instance behaviour over its own generator (how the tolerances and
// false-failure rates are calibrated): runs `check` on N instances drawn by the claim's arbitrary with the real
// implementation and with each planted bug, and prints failure counts, ratio quantiles and the
// worst instance. Uses the compiled library (run `npm run build` first, or pass DLGEN_DIST).
//
//   node scripts/calibrate/claimRatios.mjs <module> <export> [instances=10000] [seed=1] [ci|thorough] [bugs=1]
//   e.g. node scripts/calibrate/claimRatios.mjs claims/c06NoisySingularValue.js c06NoisySingularValue 20000
//
// Output: one line for the real implementation (failures, ratio quantiles, max) and one line per
// planted bug (per-instance detection rate). Nothing is written to the repository.
import fc from 'fast-check';
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';

const [modulePath, exportName, nArg = '10000', seedArg = '1', scale = 'ci', bugsArg = '1'] = process.argv.slice(2);
if (!modulePath || !exportName) {
  console.error('usage: claimRatios.mjs <module under dist/> <export> [instances] [seed] [ci|thorough] [bugs 0|1]');
  process.exit(2);
}
const dist = resolve(process.env.DLGEN_DIST ?? join(process.cwd(), 'dist'));
const claim = (await import(pathToFileURL(join(dist, modulePath)).href))[exportName];
const n = Number(nArg);
const seed = Number(seedArg);
const specs = fc.sample(claim.arbitrary(scale), { numRuns: n, seed });

function run(impl) {
  const ratios = [];
  let fails = 0;
  let worst;
  const t0 = performance.now();
  for (const spec of specs) {
    const o = claim.check(spec, impl);
    ratios.push(o.ratio);
    if (!o.holds) fails++;
    if (!worst || o.ratio > worst.o.ratio) worst = { o, spec };
  }
  ratios.sort((a, b) => a - b);
  const q = (p) => ratios[Math.min(ratios.length - 1, Math.floor(p * ratios.length))];
  return {
    fails,
    q50: q(0.5),
    q99: q(0.99),
    q999: q(0.999),
    max: ratios[ratios.length - 1],
    worst,
    ms: (performance.now() - t0) / specs.length,
  };
}

const real = run(claim.implementation);
console.log(
  `${claim.id} real: ${real.fails}/${n} failures; ratio median ${real.q50.toFixed(3)}, q99 ${real.q99.toFixed(3)}, q999 ${real.q999.toFixed(3)}, max ${real.max.toFixed(3)}; ${real.ms.toFixed(2)} ms/instance`,
);
console.log(
  `  worst: ${real.worst.o.detail} measured ${real.worst.o.measured} predicted ${real.worst.o.predicted} tol ${real.worst.o.tolerance}`,
);
console.log(`  worst spec: ${JSON.stringify(real.worst.spec)}`);
if (bugsArg !== '0') {
  for (const bug of claim.plantedBugs) {
    const r = run(bug.implementation);
    console.log(
      `  bug "${bug.name}": detected on ${r.fails}/${n} instances (${((100 * r.fails) / n).toFixed(1)}%), P(miss 100) = ${Math.pow(1 - r.fails / n, 100).toExponential(1)}`,
    );
  }
}
