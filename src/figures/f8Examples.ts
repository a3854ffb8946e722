import { buildAsymptoticModel } from '../theory/asymptoticModel.js';
import { theoryCurves } from '../theory/theoryCurves.js';
import { theoryOptimalStopping } from '../theory/theoryOptimalStopping.js';
import { alignedDecoupledCells, alignedSubspaceCells, type CellRuns } from './alignedRuns.js';
import { argMin, config, runSimulation, runsFor, simulationRow, theoryRow, unitSeed } from './common.js';
import type { FigureDef, FigureRow, FigureSize, FigureUnit, UnitOptions, UnitResult } from './types.js';

/** F8 sizes: N1 = N2 = N3 = 100, P ∈ {20, …, 200}, TA, 10 000 epochs every 5, 10 runs (§10 F8); quick N = 20, P ∈ {8, …, 40}, λ = 1e-2, recorded every 5 as at paper size. */
export function f8Sizes(size: FigureSize) {
  return size === 'paper'
    ? {
        n: 100,
        ps: Array.from({ length: 10 }, (_, i) => 20 * (i + 1)),
        curvePs: [20, 100, 200],
        learningRate: 1e-3,
        epochs: 10000,
        reportEvery: 5,
        showEpochs: 5000,
        pointEvery: 250,
        runs: 10,
      }
    : {
        n: 20,
        ps: [8, 16, 24, 32, 40],
        curvePs: [8, 24, 40],
        learningRate: 1e-2,
        epochs: 700,
        reportEvery: 5,
        showEpochs: 500,
        pointEvery: 25,
        runs: 2,
      };
}

function f8Config(
  size: FigureSize,
  m: number,
  p: number,
  inputs: 'orthogonal' | 'gaussian',
  runs: number,
  seed: number,
) {
  const s = f8Sizes(size);
  return config({
    inputDim: s.n,
    hiddenDims: [s.n],
    outputDim: s.n,
    examples: p,
    teacherSingularValues: [m],
    noiseStd: 1,
    learningRate: s.learningRate,
    initScale: 1e-5,
    init: 'aligned',
    inputs,
    epochs: s.epochs,
    reportEvery: s.reportEvery,
    runs,
    seed,
  });
}

/** One multiplier m of F8: every P with orthogonal and Gaussian inputs; m = 3 also fills the curve panels A/B. */
async function f8Run(m: number, o: UnitOptions): Promise<UnitResult> {
  const s = f8Sizes(o.size);
  const runs = runsFor(o.size, o.runs, s.runs);
  const seed = unitSeed(o.seed, `F8/m${m}`);
  const rows: FigureRow[] = [];
  const total = s.ps.length * 2 * runs * s.epochs;
  // The orthogonal cells (per-mode recursion, cheap per run) in one batch over the worker threads.
  const orthogonal = await alignedDecoupledCells(
    s.ps.map((p) => f8Config(o.size, m, p, 'orthogonal', runs, seed)),
    { workers: o.workers, onRuns: (done) => o.onProgress?.(done * s.epochs, total) },
  );
  let base = s.ps.length * runs * s.epochs;
  // Gaussian cells with P < N: rank Σ31 = P, GD in the TA student's P-dimensional aligned subspace.
  const reducible = s.ps.filter((p) => p < s.n);
  const at0 = base;
  const subspace = await alignedSubspaceCells(
    reducible.map((p) => f8Config(o.size, m, p, 'gaussian', runs, seed)),
    { workers: o.workers, onRuns: (done) => o.onProgress?.(at0 + done * s.epochs, total) },
  );
  base += reducible.length * runs * s.epochs;
  let range = [Infinity, -Infinity];
  for (const [index, p] of s.ps.entries()) {
    const mins: Record<string, number[]> = {};
    for (const inputs of ['orthogonal', 'gaussian'] as const) {
      const c = f8Config(o.size, m, p, inputs, runs, seed);
      const at = base;
      let sim: CellRuns;
      if (inputs === 'orthogonal') sim = orthogonal[index];
      else if (p < s.n) sim = subspace[reducible.indexOf(p)];
      else {
        sim = await runSimulation(c, o, (d) => o.onProgress?.(at + d, total));
        base += runs * s.epochs;
      }
      mins[inputs] = sim.runs.map((r) => Math.log(argMin(r.testError).value));
      if (m === 3 && inputs === 'orthogonal' && s.curvePs.includes(p)) {
        sim.epochs.forEach((e, i) => {
          if (e > s.showEpochs || e % s.pointEvery !== 0) return;
          rows.push(
            simulationRow(
              'A',
              `TA · P = ${p}`,
              e * s.learningRate,
              sim.runs.map((r) => Math.log(r.trainError[i])),
            ),
          );
          rows.push(
            simulationRow(
              'B',
              `TA · P = ${p}`,
              e * s.learningRate,
              sim.runs.map((r) => Math.log(r.testError[i])),
            ),
          );
        });
        const th = theoryCurves({ ...c, epochs: s.showEpochs, reportEvery: s.pointEvery / 5 });
        th.epochs.forEach((e, i) => {
          rows.push(theoryRow('A', `theory · P = ${p}`, e * s.learningRate, Math.log(th.trainError[i])));
          rows.push(theoryRow('B', `theory · P = ${p}`, e * s.learningRate, Math.log(th.testError[i])));
        });
      }
    }
    const root = Math.sqrt(p / s.n);
    rows.push(simulationRow('C', `TA · m = ${m}`, root, mins.orthogonal));
    rows.push(simulationRow('D', `TA · m = ${m}`, m * root, mins.orthogonal));
    const x = mins.orthogonal.reduce((a, b) => a + b, 0) / runs;
    rows.push(simulationRow('E', `m = ${m}`, x, mins.gaussian));
    range = [Math.min(range[0], x), Math.max(range[1], x)];
  }
  rows.push(theoryRow('E', 'identity', range[0], range[0]), theoryRow('E', 'identity', range[1], range[1]));
  const last = s.ps[s.ps.length - 1];
  for (let p = s.ps[0] / 2; p <= last; p += s.ps[0] / 2) {
    const model = buildAsymptoticModel(f8Config(o.size, m, p, 'orthogonal', 1, 0));
    const min = Math.log(theoryOptimalStopping(model, s.epochs).minError);
    rows.push(theoryRow('C', `theory · m = ${m}`, Math.sqrt(p / s.n), min));
    rows.push(theoryRow('D', `theory · m = ${m}`, m * Math.sqrt(p / s.n), min));
  }
  return {
    rows,
    notes: [
      `m = ${m}: N1 = N2 = N3 = ${s.n}, TA students, ${s.epochs} epochs (λ = ${s.learningRate}), ${runs} runs per point, test error on the full orthonormal input basis; optima are per-run minima over recorded epochs.`,
    ],
    engine:
      'orthogonal inputs: dlgen decoupled single-task engine (exact per-mode GD recursion (3.9); Σ11 = D·I or a projector whose null modes keep their initial strength); Gaussian inputs: full-batch sequential GD, for P < N1 in the TA student’s P-dimensional aligned subspace (rank Σ31 = P: exact, src/network/alignedSubspace.ts), for P ≥ N1 by the dlgen simulate engine in full coordinates',
  };
}

function unit(m: number): FigureUnit {
  return {
    id: `F8/m${m}`,
    panels: m === 3 ? ['A', 'B', 'C', 'D', 'E'] : ['C', 'D', 'E'],
    params: (size, runs) => ({
      m,
      sizes: f8Sizes(size),
      runs: runsFor(size, runs, f8Sizes(size).runs),
      engine: 'gaussian P < N: aligned subspace',
    }),
    run: (o: UnitOptions) => f8Run(m, o),
  };
}

/** F8 — number of training examples (§10 F8). */
export const F8: FigureDef = {
  name: 'F8',
  title: 'Number of training examples P (rank one, N1 = N2 = N3)',
  columns: 3,
  panels: [
    {
      letter: 'A',
      title: 'train error, m = 3',
      xTitle: 't/τ',
      yTitle: 'ln ε_train',
      series: { theory: 3, simulation: 3, data: 0 },
    },
    {
      letter: 'B',
      title: 'test error, m = 3',
      xTitle: 't/τ',
      yTitle: 'ln ε_test',
      series: { theory: 3, simulation: 3, data: 0 },
    },
    {
      letter: 'C',
      title: 'optimal test error vs √(P/N1)',
      xTitle: '√(P/N1)',
      yTitle: 'min_t ln ε_test',
      series: { theory: 3, simulation: 3, data: 0 },
    },
    {
      letter: 'D',
      title: 'optimal test error vs effective SNR',
      xTitle: 'm·√(P/N1)',
      yTitle: 'min_t ln ε_test',
      series: { theory: 3, simulation: 3, data: 0 },
    },
    {
      letter: 'E',
      title: 'Gaussian vs orthogonal inputs',
      xTitle: 'orthogonal: min_t ln ε_test',
      yTitle: 'Gaussian: min_t ln ε_test',
      dashed: ['identity'],
      series: { theory: 1, simulation: 3, data: 0 },
    },
  ],
  units: [2, 3, 4].map(unit),
};
