import { overlap } from '../rmt/spikedModel.js';
import { buildAsymptoticModel } from '../theory/asymptoticModel.js';
import { theoryCurves } from '../theory/theoryCurves.js';
import { theoryOptimalStopping } from '../theory/theoryOptimalStopping.js';
import { alignedDecoupledCells } from './alignedRuns.js';
import { argMin, config, runsFor, simulationRow, theoryRow, unitSeed } from './common.js';
import type { FigureDef, FigureRow, FigureSize, UnitOptions, UnitResult } from './types.js';

/** F5 sizes: TA students, N1 = 100, N3 = N2 = 50, m ∈ {0.84, 2, 4, 6, 8, 10}, 10 runs (§10 F5); quick N1 = 40, λ = 1e-2. */
export function f5Sizes(size: FigureSize) {
  return size === 'paper'
    ? {
        inputDim: 100,
        hiddenDim: 50,
        outputDim: 50,
        learningRate: 1e-3,
        initScale: 1e-5,
        epochs: 10000,
        reportEvery: 5,
        runs: 10,
      }
    : {
        inputDim: 40,
        hiddenDim: 20,
        outputDim: 20,
        learningRate: 1e-2,
        initScale: 1e-5,
        epochs: 1000,
        reportEvery: 1,
        runs: 3,
      };
}
const MULTIPLIERS = [0.84, 2, 4, 6, 8, 10];

function f5Config(size: FigureSize, m: number, runs: number, seed: number, epochs?: number) {
  const s = f5Sizes(size);
  return config({
    inputDim: s.inputDim,
    hiddenDims: [s.hiddenDim],
    outputDim: s.outputDim,
    examples: s.inputDim,
    teacherSingularValues: [m],
    noiseStd: 1,
    learningRate: s.learningRate,
    initScale: s.initScale,
    init: 'aligned',
    inputs: 'onehot',
    epochs: epochs ?? s.epochs,
    reportEvery: s.reportEvery,
    runs,
    seed,
  });
}

/** ln of the non-gradient optimum (7.2) for rank one: ln(1 − 𝒪(s̄)²). */
function lnShrinkage(sBar: number, aspect: number): number {
  const o = overlap(sBar, aspect, 1);
  return Math.log(1 - o * o);
}

/** Panels A and B of F5: (7.2) vs GD's optimal stopping in theory and TA simulation; the talk's ln ε_test(t) for m = 4. */
async function f5Run(o: UnitOptions): Promise<UnitResult> {
  const s = f5Sizes(o.size);
  const aspect = s.outputDim / s.inputDim;
  const runs = runsFor(o.size, o.runs, s.runs);
  const seed = unitSeed(o.seed, 'F5/all');
  const rows: FigureRow[] = [];
  for (let i = 0; i < 200; i++)
    rows.push(theoryRow('A', 'non-gradient optimum (7.2)', i / 20, lnShrinkage(i / 20, aspect)));
  for (let i = 1; i <= 40; i++) {
    const m = i / 4;
    const model = buildAsymptoticModel(f5Config(o.size, m, 1, 0));
    rows.push(
      theoryRow(
        'A',
        'GD at optimal stopping, theory (5.5)',
        m,
        Math.log(theoryOptimalStopping(model, s.epochs).minError),
      ),
    );
  }
  const total = MULTIPLIERS.length * runs * s.epochs;
  const cells = await alignedDecoupledCells(
    MULTIPLIERS.map((m) => f5Config(o.size, m, runs, seed)),
    { workers: o.workers, onRuns: (done) => o.onProgress?.(done * s.epochs, total) },
  );
  let low = 0;
  for (const [index, m] of MULTIPLIERS.entries()) {
    const sim = cells[index];
    const mins = sim.runs.map((r) => Math.log(argMin(r.testError).value));
    rows.push(simulationRow('A', 'TA gradient descent', m, mins));
    low = Math.min(low, ...mins);
  }
  const threshold = Math.pow(aspect, 0.25);
  rows.push(
    theoryRow('A', 'threshold A^¼', threshold, Math.min(low, lnShrinkage(10, aspect))),
    theoryRow('A', 'threshold A^¼', threshold, 0),
  );
  const th = theoryCurves({
    ...f5Config(o.size, 4, 1, 0),
    epochs: Math.round(5 / s.learningRate),
    reportEvery: Math.round(0.01 / s.learningRate),
  });
  th.epochs.forEach((e, i) =>
    rows.push(theoryRow('B', 'theory ln ε_test, m = 4 (5.5)', e * s.learningRate, Math.log(th.testError[i]))),
  );
  const level = lnShrinkage(4, aspect);
  rows.push(
    theoryRow('B', 'non-gradient optimum (7.2)', 0, level),
    theoryRow('B', 'non-gradient optimum (7.2)', 5, level),
  );
  return {
    rows,
    notes: [
      `Rank one, A = ${aspect}; TA points: mean over ${runs} runs of min over recorded epochs of ln ε_test, ±1.96 SE (N1 = ${s.inputDim}, ${s.epochs} epochs, λ = ${s.learningRate}).`,
    ],
    engine:
      "dlgen decoupled single-task engine: TA students' GD mode by mode through the exact recursion (3.9), on the tasks simulate draws (equal to matrix GD to rounding)",
  };
}

/** F5 — gradient descent vs the non-gradient optimum (§10 F5, §7). */
export const F5: FigureDef = {
  name: 'F5',
  title: 'Gradient descent vs the non-gradient optimal shrinkage (rank one, A = 1/2)',
  columns: 2,
  panels: [
    {
      letter: 'A',
      title: 'optimal test error vs SNR',
      xTitle: 'teacher singular value s̄ = m',
      yTitle: 'min_t ln ε_test',
      dashed: ['threshold A^¼'],
      series: { theory: 3, simulation: 1, data: 0 },
    },
    {
      letter: 'B',
      title: 'test error over time, m = 4',
      xTitle: 't/τ',
      yTitle: 'ln ε_test',
      dashed: ['non-gradient optimum (7.2)'],
      series: { theory: 2, simulation: 0, data: 0 },
    },
  ],
  units: [
    {
      id: 'F5/all',
      panels: ['A', 'B'],
      params: (size, runs) => ({ sizes: f5Sizes(size), runs: runsFor(size, runs, f5Sizes(size).runs), m: MULTIPLIERS }),
      run: f5Run,
    },
  ],
};
