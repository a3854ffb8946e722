import { AUX_FILE_MAIN_TRAIN } from '../multitask/authorsCsv.js';
import { AUTHORS_SCALES } from '../multitask/sweep.js';
import { unitSeed } from './common.js';
import { authorsBenefits, authorsRow, benefitRow, cellAt, dlgenBenefits, mtFigureBase } from './mtRuns.js';
import type { FigureDef, FigureRow, FigureSize, UnitOptions, UnitResult } from './types.js';

/** Both tasks clean (s_A = s_B = 10), as MULTITASK.md §2's data-limited window and MT7/MT8. */
const S10 = AUTHORS_SCALES[5];
/** ntrain (= aux) of panel A: the rank-10 grid at paper size, its first three points at quick size. */
export function mtNtrainGrid(size: FigureSize): number[] {
  return size === 'paper' ? [100, 200, 400, 800, 1600, 3200] : [100, 200, 400];
}
/** aux of panel B (task A fixed at 100 examples, as in aux-train-pts.csv): the authors' four values. */
const AUX = [100, 200, 400, 800];
const QS = [0, 1];

async function ntrainRun(o: UnitOptions): Promise<UnitResult> {
  const base = mtFigureBase(o.size, unitSeed(o.seed, 'MT-data/ntrain'), o.runs);
  const ns = mtNtrainGrid(o.size);
  const ours = await dlgenBenefits(base, { relatedness: QS, scalesA: [S10], scalesB: [S10], trainExamples: ns }, o);
  const theirs = authorsBenefits('rank-10');
  const rows: FigureRow[] = [];
  for (const q of QS)
    for (const n of ns) {
      const key = { mainTrain: n, auxTrain: n, relatedness: q, scaleA: S10, scaleB: S10 };
      rows.push(benefitRow('A', `dlgen, q = ${q}`, n, cellAt(ours, key, 'dlgen sweep')));
      rows.push(authorsRow('A', `authors, q = ${q}`, n, cellAt(theirs, key, 'rank-10.csv')));
    }
  return {
    rows,
    notes: [
      `Panel A: s_A = s_B = 10, aux = ntrain; dlgen d = ${base.inputDim}, C = r = ${base.rank}, trunk ${base.trunkLayers}×${base.trunkWidth} ReLU, ${base.epochs} epochs at λ = ${base.learningRate}, ${base.seeds} paired seeds. The authors' q = 1 benefit peaks at ntrain 400–800 (MT7).`,
    ],
    engine: "dlgen multitask sweep: the authors' alternating minibatch SGD (batch 128) through the training engine",
  };
}

async function auxRun(o: UnitOptions): Promise<UnitResult> {
  const base = mtFigureBase(o.size, unitSeed(o.seed, 'MT-data/aux'), o.runs);
  const ours = await dlgenBenefits(
    base,
    {
      relatedness: QS,
      scalesA: [S10],
      scalesB: [S10],
      trainExamples: [AUX_FILE_MAIN_TRAIN],
      auxExamples: AUX,
    },
    o,
  );
  const theirs = authorsBenefits('aux-train-pts');
  const rows: FigureRow[] = [];
  for (const q of QS)
    for (const aux of AUX) {
      const key = { mainTrain: AUX_FILE_MAIN_TRAIN, auxTrain: aux, relatedness: q, scaleA: S10, scaleB: S10 };
      rows.push(benefitRow('B', `dlgen, q = ${q}`, aux, cellAt(ours, key, 'dlgen sweep')));
      rows.push(authorsRow('B', `authors, q = ${q}`, aux, cellAt(theirs, key, 'aux-train-pts.csv')));
    }
  return {
    rows,
    notes: [
      `Panel B: s_A = s_B = 10, task A with ${AUX_FILE_MAIN_TRAIN} examples, ⌊aux/100⌋ task-B batches after each task-A batch; the authors' values from aux-train-pts.csv. More auxiliary data raises the q = 1 benefit and deepens the q = 0 interference (MT8).`,
    ],
    engine: "dlgen multitask sweep: the authors' alternating minibatch SGD (batch 128) through the training engine",
  };
}

const yTitle = 'benefit L_single − L_multi (nats)';

/** MT-data — the benefit against task A's data (MT7's window) and against auxiliary data (MT8), dlgen beside the authors (MULTITASK.md §6). */
export const MT_DATA: FigureDef = {
  name: 'MT-data',
  title:
    "Benefit against the amount of data at s_A = s_B = 10: dlgen (mean ±1.96 SE over paired seeds) beside the authors' runs (mean over seeds 0–4, dashed bars ±1.96 SE)",
  columns: 2,
  panels: [
    {
      letter: 'A',
      title: 'task A data (aux = ntrain)',
      xTitle: 'ntrain',
      yTitle,
      xLog: true,
      series: { theory: 0, simulation: 2, data: 2 },
    },
    {
      letter: 'B',
      title: `auxiliary data (ntrain = ${AUX_FILE_MAIN_TRAIN})`,
      xTitle: 'aux (task B training examples)',
      yTitle,
      xLog: true,
      series: { theory: 0, simulation: 2, data: 2 },
    },
  ],
  units: [
    {
      id: 'MT-data/ntrain',
      panels: ['A'],
      params: (size, runs) => ({ base: mtFigureBase(size, 0, runs), ns: mtNtrainGrid(size), qs: QS }),
      run: ntrainRun,
    },
    {
      id: 'MT-data/aux',
      panels: ['B'],
      params: (size, runs) => ({ base: mtFigureBase(size, 0, runs), aux: AUX, qs: QS }),
      run: auxRun,
    },
  ],
};
