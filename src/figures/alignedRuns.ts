import { resolveTransferConfig } from '../transfer/transferConfig.js';
import { simulateTransfer } from '../transfer/simulateTransfer.js';

/** One cell of training-aligned runs: a single task (P = N1, one-hot, σ_z = 1) and its student. */
export interface AlignedCell {
  readonly inputDim: number;
  readonly hiddenDims: readonly number[];
  readonly outputDim: number;
  readonly teacherSingularValues: readonly number[];
  readonly learningRate: number;
  readonly initScale: number;
  readonly epochs: number;
  readonly reportEvery: number;
  readonly runs: number;
  readonly seed: number;
}

/** Error curves of the runs of one cell, on the recorded epochs. */
export interface CellRuns {
  readonly epochs: number[];
  readonly runs: readonly { readonly trainError: number[]; readonly testError: number[] }[];
}

/**
 * The training-aligned runs of a cell through the product's exact shortcut: the transfer layer's
 * "decoupled" engine computes a TA student's GD mode by mode by the recursion (3.9) (equal to matrix
 * GD to rounding, C1), and its A-alone student is exactly a single-task TA student on task A. Task A
 * is drawn as the figure's task (Haar teacher of spectrum (1.2), one-hot inputs, noise σ_z²/N1); the
 * partner B (one output, a weak mode, orthogonal features) only costs one small SVD and is ignored.
 */
export function alignedDecoupled(s: AlignedCell, onRun?: () => void): CellRuns {
  const c = resolveTransferConfig({
    inputDim: s.inputDim,
    hiddenDims: [...s.hiddenDims],
    outputDimA: s.outputDim,
    outputDimB: 1,
    examples: s.inputDim,
    singularValuesA: [...s.teacherSingularValues],
    singularValuesB: [1],
    alignment: 0,
    noiseStd: 1,
    learningRate: s.learningRate,
    initScale: s.initScale,
    init: 'aligned',
    update: 'sequential',
    epochs: s.epochs,
    reportEvery: s.reportEvery,
    runs: s.runs,
    seed: s.seed,
  });
  const sim = simulateTransfer(c, { engine: 'decoupled', onProgress: onRun });
  return {
    epochs: sim.epochs,
    runs: sim.runs.map((r) => ({ trainError: r.aloneTrainErrorA, testError: r.aloneTestErrorA })),
  };
}
