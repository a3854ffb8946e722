import { mapInWorkers, siblingModule } from '../parallel/pool.js';
import { DEFAULT_TRANSFER_CONFIG, resolveTransferConfig, type TransferConfig } from '../transfer/transferConfig.js';
import { buildAsymptoticModel } from '../theory/asymptoticModel.js';
import {
  aloneOptimalStopping,
  aloneTheorySpec,
  buildJointTheory,
  jointOptimalStopping,
} from '../transfer/transferTheory.js';
import { sweepCellConfig } from '../transfer/transferSweep.js';
import { runsFor, simulationRow, theoryRow, unitSeed } from './common.js';
import type { F7RunJob, F7RunResult } from './f7Runs.js';
import type { FigureDef, FigureRow, FigureSize, FigureUnit, PanelSpec, UnitOptions, UnitResult } from './types.js';

/** q ∈ {0, 0.1, …, 1} at paper size, {0, 0.5, 1} at quick size. */
function alignments(size: FigureSize): number[] {
  return size === 'paper' ? Array.from({ length: 11 }, (_, i) => i / 10) : [0, 0.5, 1];
}
/** s̄_B of the lines, and s̄_A of the panels: A–C are the paper's fig_5a–c (§10 F7); D, E complete the 5 × 5 grid of §8.1. */
const PARTNERS = [0.84, 3, 10, 30, 100];
const TARGETS: Record<string, number> = { A: 0.84, B: 3, C: 100, D: 10, E: 30 };
const LETTERS = ['A', 'B', 'C', 'D', 'E'] as const;

/** F7 base config: the paper's §8.1 protocol (N1 = P = 100, N3 = 50 per task, σ_z = √2, 5000 epochs, 10 runs); quick N1 = 40 (λ stays 1e-3: s̄ = 100 needs it). */
export function f7Base(size: FigureSize, runs: number | undefined, target: number, seed: number): TransferConfig {
  const quick = { inputDim: 40, examples: 40, outputDimA: 20, outputDimB: 20, hiddenDims: [20] };
  return resolveTransferConfig({
    ...DEFAULT_TRANSFER_CONFIG,
    ...(size === 'quick' ? quick : {}),
    singularValuesA: [target],
    singularValuesB: [10],
    runs: runsFor(size, runs, 2),
    seed,
  });
}

/** One panel of F7: T^{A←B} (8.2) over q for every partner strength, theory (8.3) and per-mode simulation, runs on every core. */
async function f7Panel(letter: string, o: UnitOptions): Promise<UnitResult> {
  const base = f7Base(o.size, o.runs, TARGETS[letter], unitSeed(o.seed, `F7/${letter}`));
  const qs = alignments(o.size);
  const jobs: F7RunJob[] = Array.from({ length: base.runs }, (_, run) => ({
    config: base,
    partners: PARTNERS,
    alignments: qs,
    run,
  }));
  const cells = qs.length * PARTNERS.length;
  const results = await mapInWorkers<F7RunJob, F7RunResult>(
    { module: siblingModule('f7Runs', import.meta.url), name: 'f7RunJob' },
    jobs,
    { workers: o.workers, onProgress: (done) => o.onProgress?.(done, jobs.length * cells) },
  );
  const rows: FigureRow[] = [];
  // T^{A←B} (8.2) = min_t (5.5) − min_t (8.3): A alone sees neither q nor s̄_B, so its optimum is found once per panel.
  const aloneCell = sweepCellConfig(base, qs[0], PARTNERS[0]);
  const alone = aloneOptimalStopping(buildAsymptoticModel(aloneTheorySpec(aloneCell)), aloneCell.epochs).minError;
  let j = 0;
  for (const q of qs) {
    for (const sB of PARTNERS) {
      const cell = sweepCellConfig(base, q, sB);
      const joint = jointOptimalStopping(buildJointTheory(cell), cell.epochs).minError;
      rows.push(theoryRow(letter, `theory · s̄_B = ${sB}`, q, alone - joint));
      const benefits = results.map((r) => r.aloneMin - r.jointMin[j]);
      rows.push(simulationRow(letter, `simulation · s̄_B = ${sB}`, q, benefits));
      j++;
    }
  }
  const extra = letter === 'D' || letter === 'E' ? ' (completes the 5 × 5 grid of §8.1; not a panel of the paper)' : '';
  return {
    rows,
    notes: [
      `Panel ${letter}: s̄_A = ${TARGETS[letter]}${extra}, N1 = P = ${base.inputDim}, N3 = ${base.outputDimA} per task, N2 = ${base.hiddenDims.join('×')}, σ_z = √2, λ = ${base.learningRate}, ${base.epochs} epochs, ${base.runs} runs per point (same pairs and noise along q and s̄_B).`,
    ],
    engine:
      'dlgen per-mode engine for TA pairs: the exact GD recursion (3.9) per mode of the joint data (eigendecomposition of ŶŶᵀ) and of task A alone, on the pairs the transfer engine draws; equal to its decoupled engine to rounding',
  };
}

function unit(letter: string): FigureUnit {
  return {
    id: `F7/${letter}`,
    panels: [letter],
    params: (size, runs) => ({
      base: f7Base(size, runs, TARGETS[letter], 0),
      alignments: alignments(size),
      partners: PARTNERS,
      engine: 'per-mode',
    }),
    run: (o) => f7Panel(letter, o),
  };
}

function panel(letter: string): PanelSpec {
  const supplementary = letter === 'D' || letter === 'E' ? ' (§8.1 grid)' : '';
  return {
    letter,
    title: `target s̄_A = ${TARGETS[letter]}${supplementary}`,
    xTitle: 'alignment q = v̄_A·v̄_B',
    yTitle: 'transfer benefit T^{A←B}',
    series: { theory: PARTNERS.length, simulation: PARTNERS.length, data: 0 },
  };
}

/** F7 — transfer benefit T^{A←B} (§10 F7: panels A–C; D, E the rest of the §8.1 grid). */
export const F7: FigureDef = {
  name: 'F7',
  title: 'Transfer benefit T^{A←B} vs input-feature alignment q',
  columns: 3,
  panels: LETTERS.map(panel),
  units: LETTERS.map(unit),
};
