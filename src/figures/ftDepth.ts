import { runsFor, simulationRow, theoryRow, unitSeed } from './common.js';
import { ftPoint } from './ftRuns.js';
import type { FigureDef, FigureRow, FigureSize, UnitOptions, UnitResult } from './types.js';

/** FT-depth sizes: P = N1/10 target samples (FINETUNE.md §6), N = 1…8; paper N1 = 50, 10 runs; quick N1 = 10, N ∈ {1, 2, 3, 5, 8}, 2 runs. */
export function ftDepthSizes(size: FigureSize) {
  return size === 'paper'
    ? { inputDim: 50, examples: 5, runs: 10, depths: [1, 2, 3, 4, 5, 6, 7, 8] }
    : { inputDim: 10, examples: 1, runs: 2, depths: [1, 2, 3, 5, 8] };
}
/** Panel A: scaled targets W_T = cW_S. */
const SCALES = [0.5, 2, 3];
/** Panel B: targets of norm ‖W_S‖ at angle φ to W_S. */
const ANGLES = [
  { label: 'π/6', value: Math.PI / 6 },
  { label: 'π/3', value: Math.PI / 3 },
  { label: 'π/2', value: Math.PI / 2 },
];

async function ftDepthRun(o: UnitOptions): Promise<UnitResult> {
  const s = ftDepthSizes(o.size);
  const runs = runsFor(o.size, o.runs, s.runs);
  const seed = unitSeed(o.seed, 'FT-depth/all');
  const lines = [
    ...SCALES.map((c) => ({ panel: 'A', name: `c = ${c}`, targetScale: c, targetAngle: 0 })),
    ...ANGLES.map((a) => ({ panel: 'B', name: `φ = ${a.label}`, targetScale: 1, targetAngle: a.value })),
  ];
  const rows: FigureRow[] = [];
  const total = lines.length * s.depths.length;
  let done = 0;
  for (const line of lines) {
    for (const depth of s.depths) {
      // The same seed at every depth: each line sees the same teachers and samples at every N.
      const point = ftPoint({
        inputDim: s.inputDim,
        examples: s.examples,
        depth,
        runs,
        seed,
        sourceNorm: 1,
        targetScale: line.targetScale,
        targetAngle: line.targetAngle,
      });
      const theory = point.theoryRisk.reduce((a, b) => a + b, 0) / runs;
      rows.push(theoryRow(line.panel, line.name, depth, theory));
      rows.push(simulationRow(line.panel, `GD · ${line.name}`, depth, point.gdRisk));
      o.onProgress?.(++done, total);
    }
  }
  return {
    rows,
    notes: [
      `White Σ, N1 = ${s.inputDim}, P = ${s.examples} target samples, ‖W_S‖ = 1, balanced pretrained nets with hidden widths N1. Lines: (A5) risk averaged over the ${runs} runs' draws; points: GD to ½‖y − WX‖² ≤ 1e-12, mean ±1.96 SE over the same ${runs} runs.`,
    ],
    engine: 'dlgen finetune: GD from the balanced factorisation of W_S through the training engine',
  };
}

/** FT-depth — risk after fine-tuning against depth (FINETUNE.md §6, first figure). */
export const FT_DEPTH: FigureDef = {
  name: 'FT-depth',
  title: 'Risk after fine-tuning against depth: (A5) and GD from a balanced pretrained net',
  columns: 2,
  panels: [
    {
      letter: 'A',
      title: 'scaled targets W_T = cW_S',
      xTitle: 'depth N',
      yTitle: 'risk (W − W_T)Σ(W − W_T)ᵀ',
      yLog: true,
      series: { theory: 3, simulation: 3, data: 0 },
    },
    {
      letter: 'B',
      title: 'rotated targets, ‖W_T‖ = ‖W_S‖',
      xTitle: 'depth N',
      yTitle: 'risk (W − W_T)Σ(W − W_T)ᵀ',
      yLog: true,
      series: { theory: 3, simulation: 3, data: 0 },
    },
  ],
  units: [
    {
      id: 'FT-depth/all',
      panels: ['A', 'B'],
      params: (size, runs) => ({
        sizes: ftDepthSizes(size),
        runs: runsFor(size, runs, ftDepthSizes(size).runs),
        scales: SCALES,
        angles: ANGLES.map((a) => a.value),
      }),
      run: ftDepthRun,
    },
  ],
};
