import { mpDensity, mpEdges } from '../rmt/marchenkoPastur.js';
import { noisySingularValue, overlap } from '../rmt/spikedModel.js';
import { createRng } from '../random/rng.js';
import { mapInWorkers, siblingModule } from '../parallel/pool.js';
import { dataRow, runsFor, simulationRow, theoryRow, unitSeed } from './common.js';
import { allSingularValues, axisSpikedData, type SpikeDrawJob } from './spikeDraw.js';
import type { FigureDef, FigureRow, FigureSize, UnitOptions, UnitResult } from './types.js';

const ASPECTS = [0.25, 0.5, 0.75, 1] as const;
/** Histogram bins of panel A, their width, and the boost of bins above 2.5 (§10 F2). */
const BIN = 0.2;
const BOOST_FROM = 2.5;
const BOOST = 5;

/** Sizes of F2: paper N1 = 1000 (A: N3 = 500; B/C: N3 = 1000A, 10 draws); quick N1 = 48, 3 draws. */
export function f2Params(size: FigureSize, runs?: number) {
  return size === 'paper'
    ? { n1: 1000, n3A: 500, draws: runsFor(size, runs), sBarsHist: [9, 6, 3] }
    : { n1: 48, n3A: 24, draws: runsFor(size, runs), sBarsHist: [9, 6, 3] };
}

/** Panel A: one rank-3 draw (s̄ = 9, 6, 3, A = 1/2): counts per 0.2-bin, the expected MP counts and ŝ(s̄) (4.1), (4.4). */
async function panelA(o: UnitOptions): Promise<UnitResult> {
  const p = f2Params(o.size, o.runs);
  const aspect = p.n3A / p.n1;
  const rng = createRng(unitSeed(o.seed, 'F2/A'));
  const values = allSingularValues(axisSpikedData(p.n3A, p.n1, p.sBarsHist, 1, rng));
  const bins = 50;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    const b = Math.floor(v / BIN);
    if (b >= 0 && b < bins) counts[b]++;
  }
  const rows: FigureRow[] = [];
  for (let b = 0; b < bins; b++) {
    const centre = (b + 0.5) * BIN;
    if (counts[b] > 0)
      rows.push(dataRow('A', 'empirical count', centre, centre > BOOST_FROM ? counts[b] * BOOST : counts[b]));
  }
  const { lower, upper } = mpEdges(aspect, 1);
  const nNoise = p.n3A - p.sBarsHist.length;
  for (let i = 0; i <= 200; i++) {
    const x = lower + ((upper - lower) * i) / 200;
    rows.push(theoryRow('A', 'MP bulk (4.1), expected count', x, nNoise * BIN * mpDensity(x, aspect, 1)));
  }
  const top = Math.max(...counts, 1);
  for (const s of p.sBarsHist) {
    const x = noisySingularValue(s, aspect, 1);
    rows.push(theoryRow('A', `ŝ(${s}) (4.4)`, x, 0), theoryRow('A', `ŝ(${s}) (4.4)`, x, top));
  }
  return {
    rows,
    notes: [
      `Panel A: one draw, N1 = ${p.n1}, N3 = ${p.n3A}; counts of bins above ${BOOST_FROM} are multiplied by ${BOOST} for visibility, as in the paper.`,
    ],
    engine:
      'one spiked-model draw (teacher on coordinate axes, exact in law), singular values from the eigenvalues of Σ31Σ31ᵀ',
  };
}

/** Panels B/C: ŝ1 and (ū·û)(v̄·v̂) of rank-one draws at s̄ ∈ {0, 0.5, …, 4.5} for A ∈ {¼, ½, ¾, 1}, theory (4.4), (4.8). */
async function panelsBC(o: UnitOptions): Promise<UnitResult> {
  const p = f2Params(o.size, o.runs);
  const root = unitSeed(o.seed, 'F2/BC');
  const sBars = Array.from({ length: 10 }, (_, i) => i / 2);
  const jobs: SpikeDrawJob[] = [];
  for (const a of ASPECTS) {
    for (const sBar of sBars) {
      for (let d = 0; d < p.draws; d++)
        jobs.push({ n1: p.n1, n3: Math.round(a * p.n1), sBar, path: `${root}/A${a}/s${sBar}/draw${d}` });
    }
  }
  const results = await mapInWorkers<SpikeDrawJob, { sHat: number; overlap: number }>(
    { module: siblingModule('spikeDraw', import.meta.url), name: 'spikeDrawJob' },
    jobs,
    { workers: o.workers, onProgress: (done) => o.onProgress?.(done, jobs.length) },
  );
  const rows: FigureRow[] = [];
  let j = 0;
  for (const a of ASPECTS) {
    for (const sBar of sBars) {
      const got = results.slice(j, j + p.draws);
      j += p.draws;
      rows.push(
        simulationRow(
          'B',
          `draws · A = ${a}`,
          sBar,
          got.map((r) => r.sHat),
        ),
      );
      rows.push(
        simulationRow(
          'C',
          `draws · A = ${a}`,
          sBar,
          got.map((r) => r.overlap),
        ),
      );
    }
  }
  const fine = Array.from({ length: 100 }, (_, i) => i / 20);
  for (const a of ASPECTS) {
    for (const s of fine) {
      rows.push(theoryRow('B', `theory · A = ${a}`, s, noisySingularValue(s, a, 1)));
      rows.push(theoryRow('C', `theory · A = ${a}`, s, overlap(s, a, 1)));
    }
  }
  rows.push(theoryRow('B', 'identity ŝ = s̄', 0, 0), theoryRow('B', 'identity ŝ = s̄', 5, 5));
  return {
    rows,
    notes: [`Panels B/C: N1 = ${p.n1}, N3 = N1·A, ${p.draws} rank-one draws per point, bars ±1.96 SE.`],
    engine:
      'spiked-model draws (teacher on coordinate axes) in bidiagonal form (Householder maps fixing the teacher axes: χ-distributed bidiagonal noise block plus a Gaussian first row and column, exact in law, O(N3) per product); top singular triplet by Lanczos on Σ31Σ31ᵀ to a 1e-7 relative residual',
  };
}

/** F2 — the signal through the noise (§10 F2). */
export const F2: FigureDef = {
  name: 'F2',
  title: 'The signal through the noise: spectrum, noisy singular value, overlap (σ_z = 1)',
  columns: 3,
  panels: [
    {
      letter: 'A',
      title: 'singular values of one draw (A = 1/2)',
      xTitle: 'singular value of Σ31',
      yTitle: 'count per bin of 0.2',
      dataMark: 'bar',
      series: { theory: 4, simulation: 0, data: 1 },
    },
    {
      letter: 'B',
      title: 'noisy singular value',
      xTitle: 'teacher singular value s̄',
      yTitle: 'top data singular value ŝ',
      dashed: ['identity ŝ = s̄'],
      series: { theory: 5, simulation: 4, data: 0 },
    },
    {
      letter: 'C',
      title: 'singular-vector overlap',
      xTitle: 'teacher singular value s̄',
      yTitle: 'overlap (ū·û)(v̄·v̂)',
      series: { theory: 4, simulation: 4, data: 0 },
    },
  ],
  units: [
    { id: 'F2/A', panels: ['A'], params: (size, runs) => f2Params(size, runs), run: panelA },
    {
      id: 'F2/BC',
      panels: ['B', 'C'],
      // The engine is part of the cache key: draws of the dense form are not reused as bidiagonal ones.
      params: (size, runs) => ({ ...f2Params(size, runs), engine: 'bidiagonal' }),
      run: panelsBC,
    },
  ],
};
