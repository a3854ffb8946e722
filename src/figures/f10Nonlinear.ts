import type { SimulationConfig } from '../config/simulationConfig.js';
import { theoryCurves } from '../theory/theoryCurves.js';
import { codeSpectrum, config, runSimulation, runsFor, safeLn, simulationRow, theoryRow, unitSeed } from './common.js';
import type { FigureDef, FigureRow, FigureSize, FigureUnit, PanelSpec, UnitOptions, UnitResult } from './types.js';

/** The teacher multipliers m of F10 (spectrum (k·m, …, m), (1.2)). */
const MULTIPLIERS = [5, 10, 30] as const;

/** Sizes of one F10 depth at one size preset. */
export interface F10Sizes {
  readonly inputDim: number;
  readonly width: number;
  readonly learningRate: number;
  readonly initScale: number;
  readonly epochs: number;
  readonly reportEvery: number;
  /** Simulation points every this many epochs; theory every `theoryEvery`. */
  readonly pointEvery: number;
  readonly theoryEvery: number;
  /** The x axis is epoch / xUnit (1000 at D_w = 2, 10 000 at D_w = 4, as the paper's panels). */
  readonly xUnit: number;
}

/**
 * F10 sizes (§10 F10): N1 = P = 100 one-hot, N2 = N3 = 50, λ = 2·10⁻⁴ on L (TensorFlow's 10⁻⁴ on the
 * un-halved sum), ε = 10⁻⁵, 40 000 epochs (D_w = 2) or 500 000 (D_w = 4), recorded every 50; quick
 * N1 = 20, N2 = N3 = 10, 8τ at λ = 2·10⁻³ (D_w = 2) and 4τ at λ = 4·10⁻⁴ with ε = 10⁻² (D_w = 4: stable
 * for s̄ = 90, escape within about one τ for m = 5).
 */
export function f10Sizes(size: FigureSize, depth: 2 | 4): F10Sizes {
  if (size === 'paper')
    return depth === 2
      ? {
          inputDim: 100,
          width: 50,
          learningRate: 2e-4,
          initScale: 1e-5,
          epochs: 40000,
          reportEvery: 50,
          pointEvery: 500,
          theoryEvery: 250,
          xUnit: 1000,
        }
      : {
          inputDim: 100,
          width: 50,
          learningRate: 2e-4,
          initScale: 1e-5,
          epochs: 500000,
          reportEvery: 50,
          pointEvery: 5000,
          theoryEvery: 2500,
          xUnit: 10000,
        };
  return depth === 2
    ? {
        inputDim: 20,
        width: 10,
        learningRate: 2e-3,
        initScale: 1e-5,
        epochs: 4000,
        reportEvery: 20,
        pointEvery: 100,
        theoryEvery: 50,
        xUnit: 1000,
      }
    : {
        inputDim: 20,
        width: 10,
        learningRate: 4e-4,
        initScale: 1e-2,
        epochs: 10000,
        reportEvery: 50,
        pointEvery: 250,
        theoryEvery: 125,
        xUnit: 10000,
      };
}

/** The nonlinear student's config of one F10 cell; `linear` gives the linear student of the same task (for the theory). */
export function f10Config(
  s: F10Sizes,
  depth: 2 | 4,
  rank: number,
  m: number,
  runs: number,
  seed: number,
  linear = false,
): SimulationConfig {
  return config({
    inputDim: s.inputDim,
    examples: s.inputDim,
    inputs: 'onehot',
    hiddenDims: Array.from({ length: depth - 1 }, () => s.width),
    outputDim: s.width,
    teacherSingularValues: codeSpectrum(rank, m),
    noiseStd: Math.SQRT2,
    learningRate: s.learningRate,
    initScale: s.initScale,
    epochs: s.epochs,
    reportEvery: s.reportEvery,
    runs,
    seed,
    ...(linear ? { init: 'aligned', update: 'sequential' } : { activation: 'leakyRelu', leakySlope: 0.1 }),
  });
}

const CELLS = [
  { depth: 2, rank: 1, train: 'A', test: 'E' },
  { depth: 2, rank: 3, train: 'B', test: 'F' },
  { depth: 4, rank: 1, train: 'C', test: 'G' },
  { depth: 4, rank: 3, train: 'D', test: 'H' },
] as const;
type Cell = (typeof CELLS)[number];

/** One (D_w, rank) pair of F10: the leaky-ReLU students for m ∈ {5, 10, 30} beside the linear theory. */
async function f10Unit(cell: Cell, id: string, o: UnitOptions): Promise<UnitResult> {
  const s = f10Sizes(o.size, cell.depth);
  const runs = runsFor(o.size, o.runs, 1, 1);
  const seed = unitSeed(o.seed, id);
  const rows: FigureRow[] = [];
  let dropped = 0;
  const total = MULTIPLIERS.length * runs * s.epochs;
  let base = 0;
  const x = (epoch: number) => epoch / s.xUnit;
  for (const m of MULTIPLIERS) {
    const at = base;
    const sim = await runSimulation(f10Config(s, cell.depth, cell.rank, m, runs, seed), o, (d) =>
      o.onProgress?.(at + d, total),
    );
    base += runs * s.epochs;
    sim.epochs.forEach((e, i) => {
      if (e % s.pointEvery !== 0) return;
      for (const [panel, key] of [
        [cell.train, 'trainError'],
        [cell.test, 'testError'],
      ] as const) {
        const logs = sim.runs.map((r) => safeLn(r[key][i]));
        const ok = logs.filter((v): v is number => v !== undefined);
        dropped += logs.length - ok.length;
        if (ok.length > 0) rows.push(simulationRow(panel, `leaky ReLU · m = ${m}`, x(e), ok));
      }
    });
    const th = theoryCurves({
      ...f10Config(s, cell.depth, cell.rank, m, 1, 0, true),
      reportEvery: s.theoryEvery,
    });
    th.epochs.forEach((e, i) => {
      rows.push(theoryRow(cell.train, `linear theory · m = ${m}`, x(e), Math.log(th.trainError[i])));
      rows.push(theoryRow(cell.test, `linear theory · m = ${m}`, x(e), Math.log(th.testError[i])));
    });
  }
  const notes = [
    `Panels ${cell.train}/${cell.test}: D_w = ${cell.depth}, rank ${cell.rank}; N1 = P = ${s.inputDim} one-hot, hidden widths ${s.width}, N3 = ${s.width}, leaky ReLU (slope 0.1) after every hidden layer, linear output, σ_z² = 2, λ = ${s.learningRate} on ½‖·‖², random init ε = ${s.initScale}, ${s.epochs} epochs, ${runs} run(s) per m; points: ln ε (mean over runs) every ${s.pointEvery} epochs. Lines: the linear student's theory (5.5)/(5.6)${cell.depth === 4 ? ' with (3.8)' : ''} for the same task, for comparison (no nonlinear theory exists, §9.6).`,
  ];
  if (dropped > 0) notes.push(`${dropped} non-positive error values could not be logged and were dropped.`);
  return {
    rows,
    notes,
    engine:
      'dlgen simulate engine, nonlinear students: full-batch GD with the simultaneous update (as TensorFlow’s plain GD) on the kernel fast path, equal to the reference GD',
  };
}

function unit(cell: Cell): FigureUnit {
  const id = `F10/dw${cell.depth}rank${cell.rank}`;
  return {
    id,
    panels: [cell.train, cell.test],
    params: (size, runs) => ({
      depth: cell.depth,
      rank: cell.rank,
      multipliers: MULTIPLIERS,
      sizes: f10Sizes(size, cell.depth),
      runs: runsFor(size, runs, 1, 1),
    }),
    run: (o) => f10Unit(cell, id, o),
  };
}

function panel(cell: Cell, kind: 'train' | 'test'): PanelSpec {
  return {
    letter: cell[kind],
    title: `${kind} error, D_w = ${cell.depth}, rank ${cell.rank}`,
    xTitle: cell.depth === 2 ? 'epoch/1000' : 'epoch/10000',
    yTitle: `ln ε_${kind}`,
    dashed: MULTIPLIERS.map((m) => `linear theory · m = ${m}`),
    series: { theory: MULTIPLIERS.length, simulation: MULTIPLIERS.length, data: 0 },
  };
}

/** F10 — nonlinear (leaky-ReLU) students, train and test error over time (§10 F10, §9.6). */
export const F10: FigureDef = {
  name: 'F10',
  title: 'Leaky-ReLU students: train and test error over time (lines: linear theory)',
  columns: 4,
  panels: [...CELLS.map((c) => panel(c, 'train')), ...CELLS.map((c) => panel(c, 'test'))],
  units: CELLS.map(unit),
};
