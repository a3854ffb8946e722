import { DEFAULT_TRANSFER_CONFIG, resolveTransferConfig, type TransferConfig } from '../transfer/transferConfig.js';
import { transferSweep } from '../transfer/transferSweep.js';
import { runsFor, theoryRow, unitSeed } from './common.js';
import type { FigureDef, FigureRow, FigureSize, FigureUnit, UnitOptions, UnitResult } from './types.js';

/** q ∈ {0, 0.1, …, 1} at paper size, {0, 0.2, …, 1} at quick size. */
function alignments(size: FigureSize): number[] {
  return size === 'paper' ? Array.from({ length: 11 }, (_, i) => i / 10) : Array.from({ length: 6 }, (_, i) => i / 5);
}
const PARTNERS = [0.84, 3, 10, 30, 100];
const TARGETS: Record<string, number> = { A: 0.84, B: 3, C: 100 };

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

/** One panel of F7: T^{A←B} (8.2) over q for every partner strength, theory (8.3) and decoupled-engine simulation. */
async function f7Panel(letter: string, o: UnitOptions): Promise<UnitResult> {
  const base = f7Base(o.size, o.runs, TARGETS[letter], unitSeed(o.seed, `F7/${letter}`));
  const cells = await transferSweep(base, alignments(o.size), PARTNERS, {
    workers: o.workers,
    engine: 'decoupled',
    onProgress: o.onProgress,
  });
  const rows: FigureRow[] = [];
  for (const c of cells) {
    rows.push(theoryRow(letter, `theory · s̄_B = ${c.snr}`, c.alignment, c.transferTheory));
    const half = c.transferSe === null ? null : 1.96 * c.transferSe;
    rows.push({
      panel: letter,
      series: `simulation · s̄_B = ${c.snr}`,
      kind: 'simulation',
      x: c.alignment,
      y: c.transferMean,
      lo: half === null ? null : c.transferMean - half,
      hi: half === null ? null : c.transferMean + half,
    });
  }
  return {
    rows,
    notes: [
      `Panel ${letter}: s̄_A = ${TARGETS[letter]}, N1 = P = ${base.inputDim}, N3 = ${base.outputDimA} per task, σ_z = √2, ${base.epochs} epochs, ${base.runs} runs per point (same pairs and noise along q).`,
    ],
    engine: 'dlgen transfer engine "decoupled": training-aligned GD mode by mode through the exact recursion (3.9)',
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
    }),
    run: (o) => f7Panel(letter, o),
  };
}

/** F7 — transfer benefit T^{A←B} (§10 F7, §8). */
export const F7: FigureDef = {
  name: 'F7',
  title: 'Transfer benefit T^{A←B} vs input-feature alignment q',
  columns: 3,
  panels: (['A', 'B', 'C'] as const).map((l) => ({
    letter: l,
    title: `target s̄_A = ${TARGETS[l]}`,
    xTitle: 'alignment q = v̄_A·v̄_B',
    yTitle: 'transfer benefit T^{A←B}',
    series: { theory: 5, simulation: 5, data: 0 },
  })),
  units: ['A', 'B', 'C'].map(unit),
};
