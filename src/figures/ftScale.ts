import { runsFor, simulationRow, theoryRow, unitSeed } from './common.js';
import { ftPoint } from './ftRuns.js';
import type { FigureDef, FigureRow, FigureSize, UnitOptions, UnitResult } from './types.js';

/** FT-scale sizes: depth 7 (FINETUNE.md §6), P = N1/10; paper N1 = 50, 10 runs; quick N1 = 10, 2 runs. */
export function ftScaleSizes(size: FigureSize) {
  return size === 'paper' ? { inputDim: 50, examples: 5, runs: 10 } : { inputDim: 10, examples: 1, runs: 2 };
}
/** The depth of the scale sweep. */
const DEPTH = 7;
/** Norms swept (of W_S in panel A, of W_T in panel B; the other is 1); the angle between them is π/4. */
const NORMS = [0.25, 0.5, 1, 2, 4];
const ANGLE = Math.PI / 4;

async function ftScaleRun(o: UnitOptions): Promise<UnitResult> {
  const s = ftScaleSizes(o.size);
  const runs = runsFor(o.size, o.runs, s.runs);
  const seed = unitSeed(o.seed, 'FT-scale/all');
  const rows: FigureRow[] = [];
  const total = 2 * NORMS.length;
  let done = 0;
  for (const panel of ['A', 'B'] as const) {
    for (const norm of NORMS) {
      // Panel A: ‖W_S‖ = norm, ‖W_T‖ = 1; panel B: ‖W_S‖ = 1, ‖W_T‖ = norm (targetScale is ‖W_T‖/‖W_S‖).
      const point = ftPoint({
        inputDim: s.inputDim,
        examples: s.examples,
        depth: DEPTH,
        sourceNorm: panel === 'A' ? norm : 1,
        targetScale: panel === 'A' ? 1 / norm : norm,
        targetAngle: ANGLE,
        runs,
        seed,
      });
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      rows.push(theoryRow(panel, `(A5), N = ${DEPTH}`, norm, mean(point.theoryRisk)));
      rows.push(theoryRow(panel, '(A1), N = 1', norm, mean(point.shallowRisk)));
      rows.push(simulationRow(panel, `GD · (A5), N = ${DEPTH}`, norm, point.gdRisk));
      o.onProgress?.(++done, total);
    }
  }
  return {
    rows,
    notes: [
      `White Σ, N1 = ${s.inputDim}, P = ${s.examples}, angle π/4 between W_S and W_T, balanced pretrained nets of depth ${DEPTH} with hidden widths N1. Lines: (A5) at N = ${DEPTH} and (A1) (depth 1) averaged over the ${runs} runs' draws; points: GD at N = ${DEPTH}, mean ±1.96 SE over the same runs.`,
    ],
    engine: 'dlgen finetune: GD from the balanced factorisation of W_S through the training engine',
  };
}

/** FT-scale — risk against the scale of the source or target weights at depth 7 (FINETUNE.md §6, second figure). */
export const FT_SCALE: FigureDef = {
  name: 'FT-scale',
  title: 'Risk after fine-tuning against the scale of the source or the target weights, depth 7',
  columns: 2,
  panels: [
    {
      letter: 'A',
      title: 'source scale, ‖W_T‖ = 1',
      xTitle: '‖W_S‖',
      yTitle: 'risk (W − W_T)Σ(W − W_T)ᵀ',
      xLog: true,
      yLog: true,
      dashed: ['(A1), N = 1'],
      series: { theory: 2, simulation: 1, data: 0 },
    },
    {
      letter: 'B',
      title: 'target scale, ‖W_S‖ = 1',
      xTitle: '‖W_T‖',
      yTitle: 'risk (W − W_T)Σ(W − W_T)ᵀ',
      xLog: true,
      yLog: true,
      dashed: ['(A1), N = 1'],
      series: { theory: 2, simulation: 1, data: 0 },
    },
  ],
  units: [
    {
      id: 'FT-scale/all',
      panels: ['A', 'B'],
      params: (size, runs) => ({
        sizes: ftScaleSizes(size),
        runs: runsFor(size, runs, ftScaleSizes(size).runs),
        depth: DEPTH,
        norms: NORMS,
        angle: ANGLE,
      }),
      run: ftScaleRun,
    },
  ],
};
