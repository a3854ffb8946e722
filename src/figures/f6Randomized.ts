import { mpEdges } from '../rmt/marchenkoPastur.js';
import { noisySingularValue } from '../rmt/spikedModel.js';
import { taskOfRun } from '../network/simulate.js';
import { codeSpectrum, config, dataRow, runSimulation, simulationRow, theoryRow, unitSeed } from './common.js';
import type { FigureDef, FigureRow, FigureSize, UnitOptions, UnitResult } from './types.js';

/** F6 sizes: N3 = 50, N1 = 100, rank 3, m = 10, random init, 1 run, t/τ ≤ 2 every 10 epochs (§10 F6); quick N1 = 40, λ = 1e-2. */
export function f6Sizes(size: FigureSize) {
  return size === 'paper'
    ? { inputDim: 100, hiddenDim: 50, outputDim: 50, learningRate: 1e-3, epochs: 2000, reportEvery: 10 }
    : { inputDim: 40, hiddenDim: 20, outputDim: 20, learningRate: 1e-2, epochs: 200, reportEvery: 1 };
}
/** A teacher this small is no signal next to σ_r (the randomized data are pure noise, §9.3). */
const NO_SIGNAL = 1e-9;

/** Panels A and B of F6: spectra of structured and randomized data (9.1) and their training curves (§9.3). */
async function f6Run(o: UnitOptions): Promise<UnitResult> {
  const s = f6Sizes(o.size);
  const sBars = codeSpectrum(3, 10);
  const aspect = s.outputDim / s.inputDim;
  const sigmaR = Math.sqrt(sBars.reduce((a, b) => a + b * b, 0) / s.outputDim + 1);
  const seed = unitSeed(o.seed, 'F6/all');
  const common = {
    inputDim: s.inputDim,
    hiddenDims: [s.hiddenDim],
    outputDim: s.outputDim,
    examples: s.inputDim,
    learningRate: s.learningRate,
    initScale: 1e-5,
    init: 'random',
    inputs: 'onehot',
    epochs: s.epochs,
    reportEvery: s.reportEvery,
    runs: 1,
    seed,
  };
  const original = config({ ...common, teacherSingularValues: sBars, noiseStd: 1 });
  const randomized = config({ ...common, teacherSingularValues: [NO_SIGNAL], noiseStd: sigmaR });
  const rows: FigureRow[] = [];
  for (const [label, c] of [
    ['original', original],
    ['randomized', randomized],
  ] as const) {
    const counts = new Map<number, number>();
    for (const v of taskOfRun(c, 0).svd31.s) {
      const b = Math.floor(v / 0.5);
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    for (const [b, n] of [...counts.entries()].sort((x, y) => x[0] - y[0]))
      rows.push(dataRow('A', `${label} data`, (b + 0.5) * 0.5, n));
  }
  const top = Math.max(...rows.map((r) => r.y));
  const vertical = (series: string, x: number) =>
    rows.push(theoryRow('A', series, x, 0), theoryRow('A', series, x, top));
  for (const sb of sBars) vertical(`ŝ(${sb}) (4.4)`, noisySingularValue(sb, aspect, 1));
  const e1 = mpEdges(aspect, 1);
  const er = mpEdges(aspect, sigmaR);
  vertical('original bulk, lower edge', e1.lower);
  vertical('original bulk, upper edge', e1.upper);
  vertical('randomized bulk, lower edge (9.1)', er.lower);
  vertical('randomized bulk, upper edge (9.1)', er.upper);
  let base = 0;
  for (const [label, c] of [
    ['original', original],
    ['randomized', randomized],
  ] as const) {
    const sim = await runSimulation(c, o, (d) => o.onProgress?.(base + d, 2 * s.epochs));
    base += s.epochs;
    sim.epochs.forEach((e, i) =>
      rows.push(simulationRow('B', `${label} data`, e * s.learningRate, [sim.runs[0].trainError[i]])),
    );
  }
  return {
    rows,
    notes: [
      `Randomized data: i.i.d. noise with the same per-entry variance as the noisy targets, σ_r = ${sigmaR.toFixed(4)} (9.1); one run, random initialisation, N1 = ${s.inputDim}, N3 = ${s.outputDim}.`,
    ],
    engine: 'dlgen simulate engine: full-batch sequential GD, random initialisation',
  };
}

/** F6 — structured vs randomized data (§10 F6). */
export const F6: FigureDef = {
  name: 'F6',
  title: 'Structured vs randomized data (rank 3, m = 10)',
  columns: 2,
  panels: [
    {
      letter: 'A',
      title: 'singular values of the data',
      xTitle: 'singular value of Σ31',
      yTitle: 'count per bin of 0.5',
      dataMark: 'bar',
      series: { theory: 7, simulation: 0, data: 2 },
    },
    {
      letter: 'B',
      title: 'training error',
      xTitle: 't/τ',
      yTitle: 'ε_train',
      series: { theory: 0, simulation: 2, data: 0 },
    },
  ],
  units: [{ id: 'F6/all', panels: ['A', 'B'], params: (size) => ({ sizes: f6Sizes(size) }), run: f6Run }],
};
