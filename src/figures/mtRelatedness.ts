import { AUTHORS_SCALES } from '../multitask/sweep.js';
import { unitSeed } from './common.js';
import { authorsBenefits, authorsRow, benefitRow, cellAt, dlgenBenefits, mtFigureBase, scaleLabel } from './mtRuns.js';
import type { FigureDef, FigureRow, FigureSize, FigureUnit, PanelSpec, UnitOptions, UnitResult } from './types.js';

/** Relatedness grid of the authors' runs (MULTITASK.md §1); dlgen runs all of it at paper size, q ∈ {0, ½, 1} at quick size. */
const QS = [0, 0.25, 0.5, 0.75, 1];
const qsOf = (size: FigureSize) => (size === 'paper' ? QS : [0, 0.5, 1]);
/** Task A's training examples (= aux) of the figure: the rank-10 grid's ntrain 400. */
const NTRAIN = 400;
const [, , S158, S631, , S10] = AUTHORS_SCALES;
/** (s_A, s_B) per panel: clean related pair, a noisy target with a clean partner, a clean target with a noisy partner, two mid-scale tasks. */
const PAIRS: readonly { letter: string; scaleA: number; scaleB: number; title: string }[] = [
  { letter: 'A', scaleA: S10, scaleB: S10, title: 'two clean tasks' },
  { letter: 'B', scaleA: S631, scaleB: S631, title: 'two mid-scale tasks' },
  { letter: 'C', scaleA: S158, scaleB: S10, title: 'noisy target, clean partner' },
  { letter: 'D', scaleA: S10, scaleB: S158, title: 'clean target, noisy partner' },
];

function pairUnit(pair: (typeof PAIRS)[number]): FigureUnit {
  const id = `MT-q/${pair.letter}`;
  return {
    id,
    panels: [pair.letter],
    params: (size, runs) => ({ base: mtFigureBase(size, 0, runs), qs: qsOf(size), ntrain: NTRAIN, pair }),
    async run(o: UnitOptions): Promise<UnitResult> {
      const base = mtFigureBase(o.size, unitSeed(o.seed, id), o.runs);
      const qs = qsOf(o.size);
      const grid = { relatedness: qs, scalesA: [pair.scaleA], scalesB: [pair.scaleB], trainExamples: [NTRAIN] };
      const ours = await dlgenBenefits(base, grid, o);
      const theirs = authorsBenefits('rank-10');
      const rows: FigureRow[] = [];
      for (const q of QS) {
        const key = { mainTrain: NTRAIN, auxTrain: NTRAIN, relatedness: q, scaleA: pair.scaleA, scaleB: pair.scaleB };
        if (qs.includes(q)) rows.push(benefitRow(pair.letter, 'dlgen', q, cellAt(ours, key, 'dlgen sweep')));
        rows.push(authorsRow(pair.letter, 'authors (rank-10.csv)', q, cellAt(theirs, key, 'rank-10.csv')));
      }
      return {
        rows,
        notes: [
          `Panel ${pair.letter}: s_A = ${scaleLabel(pair.scaleA)}, s_B = ${scaleLabel(pair.scaleB)}, ntrain = aux = ${NTRAIN}; dlgen d = ${base.inputDim}, C = r = ${base.rank}, trunk ${base.trunkLayers}×${base.trunkWidth} ReLU, ${base.epochs} epochs at λ = ${base.learningRate}, ${base.seeds} paired seeds.`,
        ],
        engine: "dlgen multitask sweep: the authors' alternating minibatch SGD (batch 128) through the training engine",
      };
    },
  };
}

const panel = (p: (typeof PAIRS)[number]): PanelSpec => ({
  letter: p.letter,
  title: `${p.title}: s_A = ${scaleLabel(p.scaleA)}, s_B = ${scaleLabel(p.scaleB)}`,
  xTitle: 'relatedness q',
  yTitle: 'benefit L_single − L_multi (nats)',
  series: { theory: 0, simulation: 1, data: 1 },
});

/** MT-q — the multitask benefit against relatedness q at ntrain 400, dlgen beside the authors' rank-10 runs (MULTITASK.md §6). */
export const MT_RELATEDNESS: FigureDef = {
  name: 'MT-q',
  title:
    "Benefit of a second task against relatedness q (ntrain 400): dlgen (mean ±1.96 SE over paired seeds) beside the authors' rank-10 runs (mean over seeds 0–4, dashed bars ±1.96 SE)",
  columns: 2,
  panels: PAIRS.map(panel),
  units: PAIRS.map(pairUnit),
};
