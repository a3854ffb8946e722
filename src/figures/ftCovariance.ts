import { buildCovariance, type CovarianceSpec } from '../finetune/covariance.js';
import { deterministicEquivalent } from '../finetune/deterministicEquivalent.js';
import { nearestInterpolant } from '../finetune/interpolant.js';
import { inputSpan } from '../finetune/projection.js';
import { populationRisk } from '../finetune/risk.js';
import { drawSamples } from '../finetune/sample.js';
import { drawTeachers } from '../finetune/teachers.js';
import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import { createRng } from '../random/rng.js';
import { runsFor, simulationRow, theoryRow, unitSeed } from './common.js';
import type { FigureDef, FigureRow, FigureSize, UnitOptions, UnitResult } from './types.js';

/** FT-covariance sizes: paper N1 = 200, P ∈ {20, …, 100}, 100 draws (FT4's domain); quick N1 = 40, P ∈ {4, 8, 12, 16}, 20 draws. */
export function ftCovarianceSizes(size: FigureSize) {
  return size === 'paper'
    ? { inputDim: 200, examples: [20, 40, 60, 80, 100], runs: 100 }
    : { inputDim: 40, examples: [4, 8, 12, 16], runs: 20 };
}

/** The cases: Σ's spectrum and where Δ lives in its eigenbasis (the top or bottom quarter, or everywhere). */
function cases(n1: number): { name: string; covariance: CovarianceSpec; delta: 'top' | 'bottom' | 'random' }[] {
  return [
    { name: 'λ_i ∝ 1/i, Δ in the bottom quarter', covariance: { kind: 'powerLaw', exponent: 1 }, delta: 'bottom' },
    { name: 'λ_i ∝ 1/i, Δ in the top quarter', covariance: { kind: 'powerLaw', exponent: 1 }, delta: 'top' },
    {
      name: 'two levels 10 : 1, Δ random',
      covariance: { kind: 'twoLevel', high: 10, low: 1, highCount: Math.max(1, Math.round(n1 / 10)) },
      delta: 'random',
    },
  ];
}
const KEEP = 'keep W_S (ΔΣΔᵀ)';

async function ftCovarianceRun(o: UnitOptions): Promise<UnitResult> {
  const s = ftCovarianceSizes(o.size);
  const draws = runsFor(o.size, o.runs, s.runs, s.runs);
  const n1 = s.inputDim;
  const rng = createRng(unitSeed(o.seed, 'FT-covariance/all'));
  const rows: FigureRow[] = [];
  const all = cases(n1);
  const total = all.length * s.examples.length;
  let done = 0;
  all.forEach((c, k) => {
    const caseRng = rng.fork(`case${k}`);
    const cov = buildCovariance(c.covariance, n1, caseRng.fork('covariance'));
    const delta = deltaIn(c.delta, cov.basis, cov.sigma, caseRng.fork('delta'));
    const source = drawTeachers(
      { inputDim: n1, outputDim: 1, sourceNorm: 1, targetScale: 0, targetAngle: 0 },
      caseRng.fork('teachers'),
    ).source;
    const target: Mat = { ...source, data: source.data.map((v, i) => v + delta.data[i]) };
    const lo = s.examples[0];
    const hi = s.examples[s.examples.length - 1];
    for (let p = lo; p <= hi; p++)
      rows.push(theoryRow('A', c.name, p, deterministicEquivalent(cov.eigenvalues, cov.basis, delta, p).risk));
    for (const p of s.examples) {
      const risks = Array.from({ length: draws }, (_, d) => {
        const { x, y } = drawSamples(target, cov, p, 0, caseRng.fork(`P${p}-draw${d}`));
        return populationRisk(nearestInterpolant(source, y, inputSpan(x)), target, cov.sigma);
      });
      rows.push(simulationRow('A', `(A1) Monte Carlo · ${c.name}`, p, risks));
      o.onProgress?.(++done, total);
    }
  });
  rows.push(theoryRow('A', KEEP, s.examples[0], 1), theoryRow('A', KEEP, s.examples[s.examples.length - 1], 1));
  return {
    rows,
    notes: [
      `N1 = ${n1}, Σ with tr Σ = N1 and a Haar eigenbasis, Δ = W_T − W_S scaled to ΔΣΔᵀ = 1. Lines: (A3); points: risk of the fine-tuned map (A1) (GD's limit, FT1), mean ±1.96 SE over ${draws} input draws. Above the dashed line fine-tuning hurts: its risk exceeds that of keeping W_S.`,
    ],
    engine: 'dlgen finetune layer: (A1) in closed form per input draw (the limit GD reaches, FT1)',
  };
}

/** Δ with Gaussian coordinates on Σ's top or bottom quarter of eigenvectors (or all), scaled to ΔΣΔᵀ = 1. */
function deltaIn(where: 'top' | 'bottom' | 'random', basis: Mat, sigma: Mat, rng: ReturnType<typeof createRng>): Mat {
  const n1 = basis.rows;
  const quarter = Math.max(1, Math.round(n1 / 4));
  const coords = new Float64Array(n1);
  for (let i = 0; i < n1; i++) {
    const on = where === 'random' || (where === 'top' ? i < quarter : i >= n1 - quarter);
    coords[i] = on ? rng.normal() : 0;
  }
  const delta = matmul({ rows: 1, cols: n1, data: coords }, basis, { transB: true });
  const zero: Mat = { rows: 1, cols: n1, data: new Float64Array(n1) };
  const norm = Math.sqrt(populationRisk(delta, zero, sigma));
  return { ...delta, data: delta.data.map((v) => v / norm) };
}

/** FT-covariance — (A3) against Monte Carlo for several spectra and directions of Δ (FINETUNE.md §6, third figure). */
export const FT_COVARIANCE: FigureDef = {
  name: 'FT-covariance',
  title: 'The covariance-aware deterministic equivalent (A3) against Monte Carlo',
  columns: 1,
  panels: [
    {
      letter: 'A',
      title: 'risk after fine-tuning, ΔΣΔᵀ = 1',
      xTitle: 'target samples P',
      yTitle: 'risk (W − W_T)Σ(W − W_T)ᵀ',
      yLog: true,
      dashed: [KEEP],
      series: { theory: 4, simulation: 3, data: 0 },
    },
  ],
  units: [
    {
      id: 'FT-covariance/all',
      panels: ['A'],
      params: (size, runs) => ({
        sizes: ftCovarianceSizes(size),
        runs: runsFor(size, runs, ftCovarianceSizes(size).runs, ftCovarianceSizes(size).runs),
        cases: cases(ftCovarianceSizes(size).inputDim),
      }),
      run: ftCovarianceRun,
    },
  ],
};
