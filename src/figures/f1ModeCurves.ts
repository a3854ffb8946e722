import { halfTime, modeStrength } from '../dynamics/modeStrength.js';
import type { ModeDynamics } from '../dynamics/modeDynamics.js';
import { theoryRow } from './common.js';
import type { FigureDef, FigureRow } from './types.js';

/** F1's dynamics: (3.3) with ε = 1e-3 and τ = 1 (THEORY.md §10 F1). */
export const F1_DYNAMICS: ModeDynamics = { initScale: 1e-3, tau: 1, depth: 2 };
/** ŝ of panel A's curves. */
export const F1_TARGETS = [1, 4, 7, 10] as const;
/** t/τ of panel B's curves (those shown, ≤ 4). */
export const F1_TIMES = [0.5, 1, 2, 3, 4] as const;

/** k·0.05 for k = 0 … n−1, without accumulated rounding. */
function grid(n: number): number[] {
  return Array.from({ length: n }, (_, k) => (k * 5) / 100);
}

/** Panel A: s(t; ŝ) (3.3) for ŝ ∈ {1, 4, 7, 10}, t/τ ∈ [0, 5] step 0.05, with guides at s = 4 and t½(4) (3.5). */
export function f1PanelA(): FigureRow[] {
  const rows: FigureRow[] = [];
  const ts = grid(101);
  for (const sHat of F1_TARGETS)
    for (const t of ts) rows.push(theoryRow('A', `ŝ = ${sHat}`, t, modeStrength(t, sHat, F1_DYNAMICS)));
  const t4 = halfTime(4, F1_DYNAMICS);
  rows.push(theoryRow('A', 'guide s = 4', 0, 4), theoryRow('A', 'guide s = 4', 5, 4));
  rows.push(theoryRow('A', 'guide t½(ŝ = 4)', t4, 0), theoryRow('A', 'guide t½(ŝ = 4)', t4, 10));
  return rows;
}

/** Panel B: the wave of learning, s(t; ŝ)/ŝ vs ŝ ∈ (0, 10) step 0.05 for t/τ ∈ {0.5, 1, 2, 3, 4} (ŝ = 0 has no ratio). */
export function f1PanelB(): FigureRow[] {
  const rows: FigureRow[] = [];
  const sHats = grid(200).slice(1);
  for (const t of F1_TIMES)
    for (const sHat of sHats) rows.push(theoryRow('B', `t/τ = ${t}`, sHat, modeStrength(t, sHat, F1_DYNAMICS) / sHat));
  return rows;
}

/** F1 — mode learning curves, theory only (§10 F1). */
export const F1: FigureDef = {
  name: 'F1',
  title: 'Mode learning curves (3.3), ε = 1e-3, τ = 1',
  columns: 2,
  panels: [
    {
      letter: 'A',
      title: 'mode strength over time',
      xTitle: 't/τ',
      yTitle: 'mode strength s(t; ŝ)',
      dashed: ['guide s = 4', 'guide t½(ŝ = 4)'],
      series: { theory: 6, simulation: 0, data: 0 },
    },
    {
      letter: 'B',
      title: 'the wave of learning',
      xTitle: 'data singular value ŝ',
      yTitle: 'learned fraction s/ŝ',
      series: { theory: 5, simulation: 0, data: 0 },
    },
  ],
  units: [
    {
      id: 'F1/all',
      panels: ['A', 'B'],
      params: () => ({ dynamics: F1_DYNAMICS, targets: F1_TARGETS, times: F1_TIMES }),
      run: async () => ({
        rows: [...f1PanelA(), ...f1PanelB()],
        notes: ['ŝ = 0 is left out of panel B: s/ŝ is undefined there.'],
        engine: 'theory only: closed form (3.3)',
      }),
    },
  ],
};
