import { defaultWorkers, mapInWorkers, siblingModule } from '../parallel/pool.js';
import type { TaskPairSpec } from '../transfer/taskPair.js';
import { runsFor, simulationRow, unitSeed } from './common.js';
import type { F11CellJob } from './f11Jobs.js';
import type { FigureDef, FigureRow, FigureSize, FigureUnit, UnitOptions, UnitResult } from './types.js';

const PARTNERS = [0.84, 3, 10, 30, 100];
const TARGETS: Record<string, number> = { A: 0.84, B: 3, C: 100 };
/** Rank of each task and the leaky-ReLU slope of the teachers and the students (§8.7). */
const RANK = 4;
export const F11_SLOPE = 0.2;

/** Sizes of F11 at one size preset. */
export interface F11Sizes {
  readonly inputDim: number;
  /** N3 of each task and the hidden width. */
  readonly width: number;
  readonly alignments: readonly number[];
  readonly learningRate: number;
  readonly initScale: number;
  readonly epochs: number;
  readonly reportEvery: number;
  readonly runs: number;
}

/**
 * F11 sizes (§8.7, §10 F11): N1 = P = 100 one-hot, N3 = 50 per task, one hidden layer of 50, λ = 10⁻³,
 * 5000 epochs recorded every 5, q ∈ {0, 0.2, …, 1}, 10 runs; ε = 10⁻² (the magnitude of the authors'
 * variance-scaling init with factor 0.01). Quick: N1 = 20, N3 = N2 = 10, q ∈ {0, 0.5, 1}, 500 epochs at
 * λ = 4·10⁻³ (stable for s̄ = 100: 2λs̄ < 1), recorded every 10, one run.
 */
export function f11Sizes(size: FigureSize): F11Sizes {
  return size === 'paper'
    ? {
        inputDim: 100,
        width: 50,
        alignments: [0, 0.2, 0.4, 0.6, 0.8, 1],
        learningRate: 1e-3,
        initScale: 1e-2,
        epochs: 5000,
        reportEvery: 5,
        runs: 10,
      }
    : {
        inputDim: 20,
        width: 10,
        alignments: [0, 0.5, 1],
        learningRate: 4e-3,
        initScale: 1e-2,
        epochs: 500,
        reportEvery: 10,
        runs: 1,
      };
}

/** The spectrum of one task of §8.7: m·(R − i + 1)/R for i = 1 … R (divided by the rank, unlike (1.2)). */
export function f11Spectrum(m: number): number[] {
  return Array.from({ length: RANK }, (_, i) => (m * (RANK - i)) / RANK);
}

/** The task pair of one F11 cell before its teachers are made leaky (`withLeakyTeachers`): rank-4 tasks, every mode pair aligned by q, noise variance 1/N1 (σ_z = 1). */
export function f11PairSpec(s: F11Sizes, target: number, partner: number, q: number): TaskPairSpec {
  return {
    inputDim: s.inputDim,
    outputDimA: s.width,
    outputDimB: s.width,
    examples: s.inputDim,
    singularValuesA: f11Spectrum(target),
    singularValuesB: f11Spectrum(partner),
    alignments: Array.from({ length: RANK }, () => q),
    noiseStd: 1,
  };
}

/** One panel of F11: T^{A←B} (8.2) of leaky-ReLU students over q for every partner strength, one cell per worker job. */
async function f11Panel(letter: string, id: string, o: UnitOptions): Promise<UnitResult> {
  const s = f11Sizes(o.size);
  const runs = runsFor(o.size, o.runs, s.runs, s.runs);
  const seed = unitSeed(o.seed, id);
  const jobs: F11CellJob[] = [];
  for (const partner of PARTNERS)
    for (const q of s.alignments) jobs.push({ sizes: s, target: TARGETS[letter], partner, q, runs, seed });
  const total = jobs.length * runs;
  const transfers = await mapInWorkers<F11CellJob, number[]>(
    { module: siblingModule('f11Jobs', import.meta.url), name: 'f11CellJob' },
    jobs,
    { workers: o.workers ?? defaultWorkers(), onProgress: (d) => o.onProgress?.(Math.min(d, total), total) },
  );
  const rows: FigureRow[] = jobs.map((j, k) =>
    simulationRow(letter, `leaky ReLU · s̄_B = ${j.partner}`, j.q, transfers[k]),
  );
  return {
    rows,
    notes: [
      `Panel ${letter}: s̄_A = ${TARGETS[letter]} (spectrum m·(4, 3, 2, 1)/4 for both tasks, every mode pair aligned by q), N1 = P = ${s.inputDim} one-hot, N3 = ${s.width} per task, one hidden layer of ${s.width} with leaky ReLU (slope ${F11_SLOPE}), σ_z = 1, λ = ${s.learningRate}, random init ε = ${s.initScale}, ${s.epochs} epochs, ${runs} run(s) per point (same draws along q); mean ± 1.96 SE.`,
      // Said once, in the first panel's notes (the caption joins every panel's).
      ...(letter === 'A'
        ? [
            `Teachers: each mode a one-hidden-unit leaky-ReLU network (slope ${F11_SLOPE} on its hidden unit and outputs), the task's outputs their sum (§8.7). Deviations from the authors' F11: the students' outputs are linear (dlgen's students have no output activation) and their init is dlgen's scaled random orthogonal one; no theory exists for these networks.`,
          ]
        : []),
    ],
    engine:
      'dlgen transfer, nonlinear pair run: joint, A-alone and B-alone leaky-ReLU students by simultaneous GD on the nonlinear fast path',
  };
}

function unit(letter: string): FigureUnit {
  const id = `F11/${letter}`;
  return {
    id,
    panels: [letter],
    params: (size, runs) => ({
      sizes: f11Sizes(size),
      runs: runsFor(size, runs, f11Sizes(size).runs, f11Sizes(size).runs),
      target: TARGETS[letter],
      partners: PARTNERS,
      rank: RANK,
      slope: F11_SLOPE,
    }),
    run: (o) => f11Panel(letter, id, o),
  };
}

/** F11 — transfer benefit of leaky-ReLU students vs alignment (§10 F11, §8.7, §9.6). */
export const F11: FigureDef = {
  name: 'F11',
  title: 'Leaky-ReLU teachers and students: transfer benefit T^{A←B} vs alignment q',
  columns: 3,
  panels: (['A', 'B', 'C'] as const).map((l) => ({
    letter: l,
    title: `target s̄_A = ${TARGETS[l]}`,
    xTitle: 'alignment q (every mode pair)',
    yTitle: 'transfer benefit T^{A←B}',
    series: { theory: 0, simulation: PARTNERS.length, data: 0 },
  })),
  units: ['A', 'B', 'C'].map(unit),
};
