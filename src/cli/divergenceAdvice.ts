import type { SimulationConfig } from '../config/simulationConfig.js';
import { DivergenceError, stableLearningRate } from '../network/divergence.js';
import { taskOfRun } from '../network/simulate.js';

/** Work (≈ flops of one SVD per run) above which the advice stays the diverging run's own. */
const MAX_ADVICE_WORK = 2e10;

/**
 * A divergence of one run, with the advice widened to every run of the config: the smallest stable
 * learning rate over the runs' tasks (each run draws its own task, and a bound that fits the run
 * that diverged first can still be too high for another). Falls back to the run's own advice when
 * rebuilding every task would cost more than an SVD budget.
 */
export function divergenceOverRuns(e: DivergenceError, config: SimulationConfig): DivergenceError {
  const n = Math.max(config.inputDim, config.outputDim);
  const m = Math.min(config.inputDim, config.outputDim);
  if (config.runs * n * m * m > MAX_ADVICE_WORK) return e;
  const depth = config.hiddenDims.length + 1;
  let advice = Infinity;
  for (let r = 0; r < config.runs; r++) {
    advice = Math.min(
      advice,
      stableLearningRate(taskOfRun(config, r), depth, { update: config.update, initScale: config.initScale }),
    );
  }
  const what = e.what ?? /\(([^)]*)\)/.exec(e.message)?.[1] ?? 'the loss is not finite';
  return new DivergenceError(e.epoch, e.learningRate, advice, what);
}
