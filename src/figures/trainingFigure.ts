import type { SimulationConfig } from '../config/simulationConfig.js';
import { theoryCurves } from '../theory/theoryCurves.js';
import { alignedDecoupledCells, type CellRuns } from './alignedRuns.js';
import {
  argMin,
  codeSpectrum,
  config,
  runSimulation,
  runsFor,
  safeLn,
  simulationRow,
  theoryRow,
  unitSeed,
} from './common.js';
import type { FigureRow, FigureSize, FigureUnit, PanelSpec, UnitOptions, UnitResult } from './types.js';

/** Sizes of a theory-vs-simulation figure (F3, F4) at one size preset. */
export interface TrainingSizes {
  readonly inputDim: number;
  readonly hiddenDims: readonly number[];
  readonly outputDim: number;
  readonly multipliers: readonly number[];
  /** Multipliers drawn in the curve panels (all of them enter the optimum panels). */
  readonly shown: readonly number[];
  readonly learningRate: number;
  readonly initScale: number;
  readonly epochs: number;
  readonly reportEvery: number;
  /** Curves are drawn up to this epoch; simulation points every `pointEvery`, theory every `theoryEvery`. */
  readonly showEpochs: number;
  readonly pointEvery: number;
  readonly theoryEvery: number;
  readonly runs: number;
  /**
   * How random students are trained: `gd` (default), or `flow`, the gradient flow (2.3) by DOP853 at
   * `FLOW_TOLERANCE`, for depths where 1.5·10⁵ matrix epochs per run cannot fit a laptop run (F4).
   */
  readonly randomIntegrator?: 'gd' | 'flow';
  /**
   * Record interval of the random students when it differs from `reportEvery` (F4's flow: every
   * record costs the integrator a dense-output evaluation; the optimum's time grid is then coarser).
   */
  readonly randomReportEvery?: number;
  /** A sentence for the caption about how the sizes depart from THEORY.md §10 (e.g. a shorter horizon). */
  readonly note?: string;
}

/** Relative local error of the flow integrator for random students (its global error stays far below the ±1.96 SE bars). */
export const FLOW_TOLERANCE = 1e-8;

/** Letters of one row of a training figure: train, test, optimum error, optimum time. */
export interface RowLetters {
  readonly train: string;
  readonly test: string;
  readonly minError: string;
  readonly minTime: string;
}

/** The configs of one (rank, m, init) cell. */
function cellConfig(
  s: TrainingSizes,
  rank: number,
  m: number,
  init: 'aligned' | 'random',
  runs: number,
  seed: number,
): SimulationConfig {
  return config({
    inputDim: s.inputDim,
    hiddenDims: [...s.hiddenDims],
    outputDim: s.outputDim,
    examples: s.inputDim,
    teacherSingularValues: codeSpectrum(rank, m),
    noiseStd: 1,
    learningRate: s.learningRate,
    initScale: s.initScale,
    init,
    update: 'sequential',
    inputs: 'onehot',
    epochs: s.epochs,
    reportEvery: init === 'random' ? (s.randomReportEvery ?? s.reportEvery) : s.reportEvery,
    runs,
    seed,
    ...(init === 'random' && s.randomIntegrator === 'flow'
      ? { integrator: 'flow', flowTolerance: FLOW_TOLERANCE }
      : {}),
  });
}

/**
 * One row of F3/F4 (one teacher rank): TA and random students for every m, through the product's
 * simulation engine, against the theory (5.5)/(5.6) (§10 F3, F4). All cells share the unit's seed,
 * so run r of every cell sees the same teacher directions and noise (common random numbers, as the
 * authors seeded by run index).
 */
export async function trainingRow(
  sizes: (size: FigureSize) => TrainingSizes,
  rank: number,
  unitId: string,
  letters: RowLetters,
  randomOnTest: boolean,
  o: UnitOptions,
): Promise<UnitResult> {
  const s = sizes(o.size);
  const runs = runsFor(o.size, o.runs, s.runs);
  const seed = unitSeed(o.seed, unitId);
  const rows: FigureRow[] = [];
  let dropped = 0;
  const total = s.multipliers.length * 2 * runs * s.epochs;
  // Every TA cell of the row in one batch over the worker threads (cheap per run, so batched), then the random cells.
  const taCells = await alignedDecoupledCells(
    s.multipliers.map((m) => cellConfig(s, rank, m, 'aligned', runs, seed)),
    { workers: o.workers, onRuns: (done) => o.onProgress?.(done * s.epochs, total) },
  );
  let base = s.multipliers.length * runs * s.epochs;
  const optimum: Record<string, { minError: number[]; tOpt: number[] }> = {};
  const tau = (epoch: number) => epoch * s.learningRate;
  for (const [index, m] of s.multipliers.entries()) {
    for (const init of ['aligned', 'random'] as const) {
      const at = base;
      let sim: CellRuns;
      if (init === 'aligned') sim = taCells[index];
      else {
        sim = await runSimulation(cellConfig(s, rank, m, init, runs, seed), o, (d) => o.onProgress?.(at + d, total));
        base += runs * s.epochs;
      }
      const label = init === 'aligned' ? 'TA' : 'random';
      const showCurves = s.shown.includes(m);
      for (let i = 0; i < sim.epochs.length; i++) {
        const e = sim.epochs[i];
        if (!showCurves || e > s.showEpochs || e % s.pointEvery !== 0) continue;
        const panels: [string, 'trainError' | 'testError'][] = [[letters.train, 'trainError']];
        if (init === 'aligned' || randomOnTest) panels.push([letters.test, 'testError']);
        for (const [panel, key] of panels) {
          const logs = sim.runs.map((r) => safeLn(r[key][i]));
          const ok = logs.filter((v): v is number => v !== undefined);
          dropped += logs.length - ok.length;
          if (ok.length > 0) rows.push(simulationRow(panel, `${label} · m = ${m}`, tau(e), ok));
        }
      }
      const mins = sim.runs.map((r) => argMin(r.testError));
      optimum[`${init}/${m}`] = {
        minError: mins.map((x) => Math.log(x.value)),
        tOpt: mins.map((x) => tau(sim.epochs[x.index])),
      };
    }
    if (s.shown.includes(m)) {
      const th = theoryCurves({
        ...cellConfig(s, rank, m, 'aligned', 1, 0),
        epochs: s.showEpochs,
        reportEvery: s.theoryEvery,
      });
      th.epochs.forEach((e, i) => {
        rows.push(theoryRow(letters.train, `theory · m = ${m}`, tau(e), Math.log(th.trainError[i])));
        rows.push(theoryRow(letters.test, `theory · m = ${m}`, tau(e), Math.log(th.testError[i])));
      });
    }
  }
  const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const bounds = { minError: [Infinity, -Infinity], minTime: [Infinity, -Infinity] };
  for (const m of s.multipliers) {
    const ta = optimum[`aligned/${m}`];
    const rnd = optimum[`random/${m}`];
    const x1 = meanOf(ta.minError);
    const x2 = meanOf(ta.tOpt);
    rows.push({ ...simulationRow(letters.minError, `m = ${m}`, x1, rnd.minError) });
    rows.push({ ...simulationRow(letters.minTime, `m = ${m}`, x2, rnd.tOpt) });
    for (const [k, v] of [
      ['minError', [x1, meanOf(rnd.minError)]],
      ['minTime', [x2, meanOf(rnd.tOpt)]],
    ] as const) {
      bounds[k][0] = Math.min(bounds[k][0], ...v);
      bounds[k][1] = Math.max(bounds[k][1], ...v);
    }
  }
  rows.push(
    theoryRow(letters.minError, 'identity', bounds.minError[0], bounds.minError[0]),
    theoryRow(letters.minError, 'identity', bounds.minError[1], bounds.minError[1]),
  );
  rows.push(
    theoryRow(letters.minTime, 'identity', bounds.minTime[0], bounds.minTime[0]),
    theoryRow(letters.minTime, 'identity', bounds.minTime[1], bounds.minTime[1]),
  );
  const notes = [
    `Rank ${rank}: N1 = P = ${s.inputDim}, N2 = ${s.hiddenDims.join('×')}, N3 = ${s.outputDim}, λ = ${s.learningRate}, ε = ${s.initScale}, ${s.epochs} epochs, ${runs} runs per point; points are means of ln ε over runs ±1.96 SE; optima are per-run minima over the recorded epochs (every ${s.reportEvery}${s.randomReportEvery ? `, random students every ${s.randomReportEvery}` : ''}), x = TA mean.`,
  ];
  if (s.note) notes.push(s.note);
  if (dropped > 0) notes.push(`${dropped} non-positive error values could not be logged and were dropped.`);
  const random =
    s.randomIntegrator === 'flow'
      ? `dlgen simulate engine, gradient flow (2.3) by DOP853 (tolerance ${FLOW_TOLERANCE}), the λ → 0 limit of GD`
      : 'dlgen simulate engine, full-batch sequential GD';
  return {
    rows,
    notes,
    engine: `TA students: dlgen decoupled single-task engine (the exact per-mode GD recursion (3.9) on the tasks simulate draws; equal to matrix GD to rounding); random students: ${random}`,
  };
}

/** Panel specs of one row of F3/F4. */
export function rowPanels(
  letters: RowLetters,
  rank: number,
  shown: number,
  randomOnTest: boolean,
  all: number,
): PanelSpec[] {
  const curves = { theory: shown, simulation: shown * 2, data: 0 };
  return [
    { letter: letters.train, title: `train error, rank ${rank}`, xTitle: 't/τ', yTitle: 'ln ε_train', series: curves },
    {
      letter: letters.test,
      title: `test error, rank ${rank}`,
      xTitle: 't/τ',
      yTitle: 'ln ε_test',
      series: randomOnTest ? curves : { theory: shown, simulation: shown, data: 0 },
    },
    {
      letter: letters.minError,
      title: `optimal test error, rank ${rank}`,
      xTitle: 'TA: min_t ln ε_test',
      yTitle: 'random: min_t ln ε_test',
      dashed: ['identity'],
      series: { theory: 1, simulation: all, data: 0 },
    },
    {
      letter: letters.minTime,
      title: `optimal stopping time, rank ${rank}`,
      xTitle: 'TA: t_opt/τ',
      yTitle: 'random: t_opt/τ',
      dashed: ['identity'],
      series: { theory: 1, simulation: all, data: 0 },
    },
  ];
}

/** The two units (rank 1 → A–D, rank 3 → E–H) of F3/F4. */
export function trainingUnits(
  name: string,
  sizes: (size: FigureSize) => TrainingSizes,
  randomOnTest: boolean,
): FigureUnit[] {
  const rowsOf = [
    { rank: 1, letters: { train: 'A', test: 'B', minError: 'C', minTime: 'D' } },
    { rank: 3, letters: { train: 'E', test: 'F', minError: 'G', minTime: 'H' } },
  ];
  return rowsOf.map(({ rank, letters }) => {
    const id = `${name}/rank${rank}`;
    return {
      id,
      panels: Object.values(letters),
      params: (size: FigureSize, runs?: number) => ({
        rank,
        sizes: sizes(size),
        runs: runsFor(size, runs, sizes(size).runs),
        randomOnTest,
      }),
      run: (o: UnitOptions) => trainingRow(sizes, rank, id, letters, randomOnTest, o),
    };
  });
}
