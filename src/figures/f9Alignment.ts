import { svd } from '../linalg/svd.js';
import type { Mat } from '../linalg/mat.js';
import { runRng, studentSpecOf, taskOfRun, trainingSpecOf } from '../network/simulate.js';
import { trainStudent } from '../network/train.js';
import { codeSpectrum, config, simulationRow, unitSeed } from './common.js';
import { FLOW_TOLERANCE } from './trainingFigure.js';
import type { FigureDef, FigureRow, FigureSize, FigureUnit, PanelSpec, UnitOptions, UnitResult } from './types.js';

/** F9 sizes per depth: random init, m = 2, N1 = 100, N3 = N2 = 50, 1 run (§10 F9); quick N1 = 40, λ = 1e-2 (ε = 1e-3 at depth 4). */
export function f9Sizes(size: FigureSize, depth: number) {
  const paper = size === 'paper';
  const n1 = paper ? 100 : 40;
  const n = paper ? 50 : 20;
  const lr = paper ? 1e-3 : 1e-2;
  if (depth === 2)
    return {
      inputDim: n1,
      width: n,
      learningRate: lr,
      initScale: 1e-5,
      epochs: paper ? 10000 : 1000,
      reportEvery: paper ? 50 : 10,
    };
  return {
    inputDim: n1,
    width: n,
    learningRate: lr,
    initScale: paper ? 1e-5 : 1e-3,
    epochs: paper ? 150000 : 3000,
    reportEvery: paper ? 500 : 25,
  };
}

/** |a·b| of column i of A and column j of B. */
function colDot(a: Mat, i: number, b: Mat, j: number): number {
  let s = 0;
  for (let r = 0; r < a.rows; r++) s += a.data[r * a.cols + i] * b.data[r * b.cols + j];
  return Math.abs(s);
}

/**
 * One depth of F9: a random-init student on a rank-1 and a rank-3 teacher (m = 2); at every
 * recorded epoch the student's map is decomposed and its top modes compared with the data's:
 * |u_α·û_α|, |v_α·v̂_α| and s_α/ŝ_α (§9.4, §10 F9).
 */
async function f9Run(depth: number, letters: readonly string[], o: UnitOptions): Promise<UnitResult> {
  const s = f9Sizes(o.size, depth);
  const seed = unitSeed(o.seed, `F9/depth${depth}`);
  const rows: FigureRow[] = [];
  let done = 0;
  for (const rank of [1, 3]) {
    const c = config({
      inputDim: s.inputDim,
      hiddenDims: Array(depth - 1).fill(s.width),
      outputDim: s.width,
      examples: s.inputDim,
      teacherSingularValues: codeSpectrum(rank, 2),
      noiseStd: 1,
      learningRate: s.learningRate,
      initScale: s.initScale,
      init: 'random',
      inputs: 'onehot',
      epochs: s.epochs,
      reportEvery: s.reportEvery,
      runs: 1,
      seed,
      ...(depth > 2 ? { integrator: 'flow', flowTolerance: FLOW_TOLERANCE } : {}),
    });
    const task = taskOfRun(c, 0);
    const data = task.svd31;
    const panelsOf = rank === 1 ? [letters[0]] : letters.slice(1);
    trainStudent(task, studentSpecOf(c), trainingSpecOf(c), runRng(c.seed, 0), {
      onEpoch: () => o.onProgress?.(++done, 2 * s.epochs),
      observe: (epoch, _layers, w) => {
        const st = svd(w);
        const x = epoch * s.learningRate;
        panelsOf.forEach((panel, a) => {
          rows.push(simulationRow(panel, '|u·û|', x, [colDot(st.u, a, data.u, a)]));
          rows.push(simulationRow(panel, '|v·v̂|', x, [colDot(st.v, a, data.v, a)]));
          rows.push(simulationRow(panel, 's/ŝ', x, [st.s[a] / data.s[a]]));
        });
      },
    });
  }
  return {
    rows,
    notes: [
      `D_w = ${depth}: N1 = ${s.inputDim}, N2 = N3 = ${s.width}, ε = ${s.initScale}, λ = ${s.learningRate}, one run; u_α, v_α, s_α from the SVD of the student's map every ${s.reportEvery} epochs.`,
    ],
    engine:
      depth > 2
        ? `dlgen trainStudent: gradient flow (2.3) by DOP853 (tolerance ${FLOW_TOLERANCE}), random initialisation, observed at the recorded epochs`
        : 'dlgen trainStudent: full-batch sequential GD, random initialisation, observed at the recorded epochs',
  };
}

function depthPanels(depth: number, letters: readonly string[]): PanelSpec[] {
  const titles = ['rank 1', 'rank 3, mode 1', 'rank 3, mode 2', 'rank 3, mode 3'];
  return letters.map((l, i) => ({
    letter: l,
    title: `D_w = ${depth}, ${titles[i]}`,
    xTitle: 't/τ',
    yTitle: 'alignment and learned fraction',
    series: { theory: 0, simulation: 3, data: 0 },
  }));
}

function unit(depth: number, letters: readonly string[]): FigureUnit {
  return {
    id: `F9/depth${depth}`,
    panels: letters,
    params: (size) => f9Sizes(size, depth),
    run: (o: UnitOptions) => f9Run(depth, letters, o),
  };
}

/** F9 — alignment of random students over time (§10 F9). */
export const F9: FigureDef = {
  name: 'F9',
  title: 'Alignment over time of randomly initialised students (m = 2)',
  columns: 4,
  panels: [...depthPanels(2, ['A', 'B', 'C', 'D']), ...depthPanels(4, ['E', 'F', 'G', 'H'])],
  units: [unit(2, ['A', 'B', 'C', 'D']), unit(4, ['E', 'F', 'G', 'H'])],
};
