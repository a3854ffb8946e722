import type { SimulationConfig } from '../config/simulationConfig.js';
import { studentSpecOf, taskOfRun, trainingSpecOf } from '../network/simulate.js';
import { simulateParallel } from '../parallel/simulateParallel.js';
import { sampledOptimalStopping, type StoppingPoint } from './optimalStopping.js';
import { buildSemiAnalyticModel, semiAnalyticCurves, semiAnalyticOptimalStopping } from './semiAnalytic.js';
import { theoryReport } from './theoryReport.js';

/** One level of the comparison (theory, semi-analytic or simulation): per-run train/test curves and optimal stopping points. */
export interface LevelCurves {
  readonly runs: { trainError: number[]; testError: number[]; optimum: StoppingPoint }[];
}

/** The largest disagreement between two sources over runs and recorded epochs. */
export interface Gap {
  readonly maxLnTestGap: { value: number; epoch: number; run: number };
  readonly maxLnTrainGap: { value: number; epoch: number; run: number };
  /** max over runs of |ln min ε_test^A − ln min ε_test^B|. */
  readonly minLnTestErrorGap: { value: number; run: number };
  /** max over runs of |t_opt^A − t_opt^B| in epochs. */
  readonly optimalStoppingEpochGap: { value: number; run: number };
}

const ln = (x: number) => Math.log(Math.max(x, 1e-300));

/** Largest gaps between sources a and b on a shared epoch grid (run r of a single-curve source is its only curve), §11 C10. */
export function largestGaps(epochs: readonly number[], a: LevelCurves, b: LevelCurves): Gap {
  const runs = Math.max(a.runs.length, b.runs.length);
  const pick = (s: LevelCurves, r: number) => s.runs[Math.min(r, s.runs.length - 1)];
  let test = { value: -1, epoch: 0, run: 0 };
  let train = { value: -1, epoch: 0, run: 0 };
  let minGap = { value: -1, run: 0 };
  let tGap = { value: -1, run: 0 };
  for (let r = 0; r < runs; r++) {
    const x = pick(a, r);
    const y = pick(b, r);
    for (let i = 0; i < epochs.length; i++) {
      const dt = Math.abs(ln(x.testError[i]) - ln(y.testError[i]));
      if (dt > test.value) test = { value: dt, epoch: epochs[i], run: r };
      const dr = Math.abs(ln(x.trainError[i]) - ln(y.trainError[i]));
      if (dr > train.value) train = { value: dr, epoch: epochs[i], run: r };
    }
    const dm = Math.abs(ln(x.optimum.minError) - ln(y.optimum.minError));
    if (dm > minGap.value) minGap = { value: dm, run: r };
    const dto = Math.abs(x.optimum.tOpt - y.optimum.tOpt);
    if (dto > tGap.value) tGap = { value: dto, run: r };
  }
  return { maxLnTestGap: test, maxLnTrainGap: train, minLnTestErrorGap: minGap, optimalStoppingEpochGap: tGap };
}

/** Theory, semi-analytic (per run, on the tasks `simulate` draws) and simulation of one config, with their gaps. */
export interface Comparison {
  readonly config: SimulationConfig;
  readonly epochs: number[];
  readonly theory: LevelCurves & { shrinkageTestError: number };
  readonly semiAnalytic: LevelCurves;
  readonly simulation: LevelCurves;
  readonly gaps: { theoryVsSimulation: Gap; semiAnalyticVsSimulation: Gap; theoryVsSemiAnalytic: Gap };
  /** The theory's broken assumptions for this config (`theoryWarnings`). */
  readonly warnings: readonly string[];
}

/** Runs the three levels (theory, semi-analytic, simulation) for a validated config, §5.1. */
export async function compareLevels(
  config: SimulationConfig,
  options: { workers?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<Comparison> {
  const th = theoryReport(config);
  const theory = {
    runs: [{ trainError: th.curves.trainError, testError: th.curves.testError, optimum: th.optimum }],
    shrinkageTestError: th.shrinkageTestError,
  };
  const semiRuns = [];
  for (let r = 0; r < config.runs; r++) {
    const task = taskOfRun(config, r);
    const curves = semiAnalyticCurves(task, studentSpecOf(config), trainingSpecOf(config));
    const model = buildSemiAnalyticModel(task, studentSpecOf(config), config.learningRate);
    semiRuns.push({
      trainError: curves.trainError,
      testError: curves.testError,
      optimum: semiAnalyticOptimalStopping(model, config.epochs),
    });
  }
  const semiAnalytic = { runs: semiRuns };
  const sim = await simulateParallel(config, options);
  const simulation = {
    runs: sim.runs.map((run) => ({
      trainError: run.trainError,
      testError: run.testError,
      optimum: (({ tOpt, minError }) => ({ tOpt, minError }))(sampledOptimalStopping(sim.epochs, run.testError)),
    })),
  };
  const epochs = th.curves.epochs;
  return {
    config,
    epochs,
    theory,
    semiAnalytic,
    simulation,
    gaps: {
      theoryVsSimulation: largestGaps(epochs, theory, simulation),
      semiAnalyticVsSimulation: largestGaps(epochs, semiAnalytic, simulation),
      theoryVsSemiAnalytic: largestGaps(epochs, theory, semiAnalytic),
    },
    warnings: th.warnings,
  };
}
