import type { SimulationConfig } from '../../config/simulationConfig.js';
import { simulateParallel, type SimulateParallelOptions } from '../../parallel/simulateParallel.js';
import { sampledOptimalStopping } from '../../theory/optimalStopping.js';
import { fmt, table } from '../format.js';

/** Why `dlgen compare` shows only the simulation of a nonlinear student. */
export const NONLINEAR_COMPARE_NOTE =
  'nonlinear student: simulation only. The asymptotic theory and the semi-analytic prediction are for linear students; ' +
  'no theory applies to leaky-ReLU or ReLU students (THEORY.md §9.6)';

/** The simulation level of `dlgen compare` for a nonlinear config: its runs with their sampled optimal stopping points. */
export interface NonlinearComparison {
  readonly config: SimulationConfig;
  readonly epochs: number[];
  readonly runs: { trainError: number[]; testError: number[]; tOpt: number; minError: number }[];
}

/** Simulates a nonlinear config for `dlgen compare` (the only level that exists for it). */
export async function compareNonlinear(
  config: SimulationConfig,
  options: SimulateParallelOptions,
): Promise<NonlinearComparison> {
  const sim = await simulateParallel(config, options);
  const runs = sim.runs.map((r) => {
    const { tOpt, minError } = sampledOptimalStopping(sim.epochs, r.testError);
    return { trainError: r.trainError, testError: r.testError, tOpt, minError };
  });
  return { config, epochs: sim.epochs, runs };
}

/** The `--json` document: config, epochs, the note, and the simulation level in the shape of the linear document's. */
export function nonlinearComparisonJson(c: NonlinearComparison): object {
  return {
    config: c.config,
    epochs: c.epochs,
    note: NONLINEAR_COMPARE_NOTE,
    simulation: {
      runs: c.runs.map((r) => ({
        trainError: r.trainError,
        testError: r.testError,
        optimalStoppingEpoch: r.tOpt,
        minTestError: r.minError,
      })),
    },
  };
}

/** A human summary: the note, then the simulation's means over runs. */
export function nonlinearComparisonSummary(c: NonlinearComparison): string {
  const cfg = c.config;
  const last = c.epochs.length - 1;
  const mean = (f: (r: NonlinearComparison['runs'][number]) => number) =>
    c.runs.reduce((s, r) => s + f(r), 0) / c.runs.length;
  const ln = (x: number) => Math.log(Math.max(x, 1e-300));
  const header =
    `dlgen compare: N1=${cfg.inputDim} hidden=[${cfg.hiddenDims.join(',')}] N3=${cfg.outputDim} P=${cfg.examples} ` +
    `s̄=[${cfg.teacherSingularValues.join(',')}] σ_z=${cfg.noiseStd} λ=${cfg.learningRate} ε=${cfg.initScale} ` +
    `activation=${cfg.activation}${cfg.leakySlope !== undefined ? ` (slope ${cfg.leakySlope})` : ''} epochs=${cfg.epochs} runs=${cfg.runs} seed=${cfg.seed}\n` +
    `${NONLINEAR_COMPARE_NOTE}\n\n`;
  return (
    header +
    table(
      ['quantity (mean over runs)', 'simulation'],
      [
        ['min ln test error', fmt(mean((r) => ln(r.minError)))],
        ['optimal stopping epoch', fmt(mean((r) => r.tOpt))],
        [`ln train error at epoch ${c.epochs[last]}`, fmt(mean((r) => ln(r.trainError[last])))],
        [`ln test error at epoch ${c.epochs[last]}`, fmt(mean((r) => ln(r.testError[last])))],
      ],
    )
  );
}
