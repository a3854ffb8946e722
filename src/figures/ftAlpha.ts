import { depthScalars, fineTuneScale, limitScale } from '../finetune/depthMap.js';
import { inputSpan } from '../finetune/projection.js';
import { resolveFinetuneConfig } from '../finetune/config.js';
import { runFinetune } from '../finetune/run.js';
import { runsFor, simulationRow, theoryRow, unitSeed } from './common.js';
import { ftPoint } from './ftRuns.js';
import type { FigureDef, FigureRow, FigureSize, UnitOptions, UnitResult } from './types.js';

/** FT-alpha sizes: paper N1 = 64, P ∈ {1, 4, 16}, 10 runs, GD at N ∈ {1, 2, 3, 5, 8}; quick N1 = 12, P ∈ {1, 3, 6}, 2 runs, GD at N ∈ {1, 2, 4}. */
export function ftAlphaSizes(size: FigureSize) {
  return size === 'paper'
    ? { inputDim: 64, examples: [1, 4, 16], runs: 10, gdDepths: [1, 2, 3, 5, 8] }
    : { inputDim: 12, examples: [1, 3, 6], runs: 2, gdDepths: [1, 2, 4] };
}
/** The target: twice the source's norm at angle π/4. */
const TARGET = { targetScale: 2, targetAngle: Math.PI / 4 };
/** Depths of the theory lines: N = 1…8 (where GD runs) and 10^(k/4), k = 4…28 (N = 10 … 10⁷), rounded to integers. */
const THEORY_DEPTHS = [
  ...Array.from({ length: 8 }, (_, i) => i + 1),
  ...Array.from({ length: 25 }, (_, k) => Math.round(10 ** ((k + 4) / 4))),
];

async function ftAlphaRun(o: UnitOptions): Promise<UnitResult> {
  const s = ftAlphaSizes(o.size);
  const runs = runsFor(o.size, o.runs, s.runs);
  const seed = unitSeed(o.seed, 'FT-alpha/all');
  const rows: FigureRow[] = [];
  const total = s.examples.length * (1 + s.gdDepths.length);
  let done = 0;
  for (const p of s.examples) {
    const name = `P = ${p}`;
    // The draws of the GD runs (the same seed at every depth): W_S, y and span(X) give α_N for every N.
    const draws = runFinetune(
      resolveFinetuneConfig({
        inputDim: s.inputDim,
        hiddenDims: [],
        targetExamples: p,
        ...TARGET,
        learningRate: 1e-3,
        epochs: 1,
        reportEvery: 1,
        runs,
        seed,
      }),
    ).runs.map((r) => {
      const x = { rows: s.inputDim, cols: p, data: Float64Array.from(r.inputs) };
      const source = { rows: 1, cols: s.inputDim, data: Float64Array.from(r.sourceMap) };
      const y = { rows: 1, cols: p, data: Float64Array.from(r.targets) };
      return depthScalars(source, y, inputSpan(x));
    });
    o.onProgress?.(++done, total);
    const mean = (f: (d: (typeof draws)[number]) => number) => draws.reduce((a, d) => a + f(d), 0) / draws.length;
    for (const n of THEORY_DEPTHS)
      rows.push(
        theoryRow(
          'A',
          name,
          n,
          mean((d) => fineTuneScale(n, d)),
        ),
      );
    const limit = mean((d) => limitScale(d));
    rows.push(
      theoryRow('A', `α_∞ (A6), ${name}`, 1, limit),
      theoryRow('A', `α_∞ (A6), ${name}`, THEORY_DEPTHS[THEORY_DEPTHS.length - 1], limit),
    );
    for (const depth of s.gdDepths) {
      const point = ftPoint({ inputDim: s.inputDim, examples: p, depth, sourceNorm: 1, ...TARGET, runs, seed });
      rows.push(simulationRow('A', `GD · ${name}`, depth, point.gdAlpha));
      o.onProgress?.(++done, total);
    }
  }
  return {
    rows,
    notes: [
      `White Σ, N1 = ${s.inputDim}, ‖W_T‖ = 2‖W_S‖ at angle π/4. Lines: α_N of (A5) and α_∞ of (A6) averaged over the ${runs} runs' draws; points: the GD map's out-of-span coefficient ⟨W(I − Π), W_S(I − Π)⟩/‖W_S(I − Π)‖², mean ±1.96 SE over the same draws. α_N reaches α_∞ only at depths far beyond any network when P ≪ N1 (FT8).`,
    ],
    engine: 'dlgen finetune: GD from the balanced factorisation of W_S through the training engine',
  };
}

/** FT-alpha — α_N against depth on a log axis with its limit α_∞ (FINETUNE.md §6, fourth figure; FT8). */
export const FT_ALPHA: FigureDef = {
  name: 'FT-alpha',
  title: 'The out-of-span scale α_N of the fine-tuned map against depth, and its limit α_∞',
  columns: 1,
  panels: [
    {
      letter: 'A',
      title: 'α_N against N',
      xTitle: 'depth N',
      yTitle: 'α_N',
      xLog: true,
      dashed: [...new Set([...ftAlphaSizes('paper').examples, ...ftAlphaSizes('quick').examples])].map(
        (p) => `α_∞ (A6), P = ${p}`,
      ),
      series: { theory: 6, simulation: 3, data: 0 },
    },
  ],
  units: [
    {
      id: 'FT-alpha/all',
      panels: ['A'],
      params: (size, runs) => ({
        sizes: ftAlphaSizes(size),
        runs: runsFor(size, runs, ftAlphaSizes(size).runs),
        target: TARGET,
        depths: THEORY_DEPTHS,
      }),
      run: ftAlphaRun,
    },
  ],
};
