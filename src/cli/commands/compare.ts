import type { Command } from 'commander';
import { resolveConfig, type SimulationConfig } from '../../config/simulationConfig.js';
import { studentSpecOf, taskOfRun, trainingSpecOf } from '../../network/simulate.js';
import { simulateParallel } from '../../parallel/simulateParallel.js';
import { sampledOptimalStopping, type StoppingPoint } from '../../theory/optimalStopping.js';
import { buildSemiAnalyticModel, semiAnalyticCurves, semiAnalyticOptimalStopping } from '../../theory/semiAnalytic.js';
import { parseNumber, rawConfigFrom } from '../configArgs.js';
import { fmt, table } from '../format.js';
import type { CliIo } from '../io.js';
import { createProgress } from '../progress.js';
import { theoryReport } from './theory.js';

interface CompareOptions {
  config?: string;
  json?: boolean;
  runs?: number;
  seed?: number;
  workers?: number;
}

/** One curve pair source: per-run train/test curves and optimal stopping points. */
interface Source {
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
export function largestGaps(epochs: readonly number[], a: Source, b: Source): Gap {
  const runs = Math.max(a.runs.length, b.runs.length);
  const pick = (s: Source, r: number) => s.runs[Math.min(r, s.runs.length - 1)];
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
  readonly theory: Source & { shrinkageTestError: number };
  readonly semiAnalytic: Source;
  readonly simulation: Source;
  readonly gaps: { theoryVsSimulation: Gap; semiAnalyticVsSimulation: Gap; theoryVsSemiAnalytic: Gap };
}

/** Runs the three levels (theory, semi-analytic, simulation) for a validated config, §5.1. */
export async function compareLevels(config: SimulationConfig, options: { workers?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<Comparison> {
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
    semiRuns.push({ trainError: curves.trainError, testError: curves.testError, optimum: semiAnalyticOptimalStopping(model, config.epochs) });
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
  };
}

/** `dlgen compare`: theory, semi-analytic and simulation side by side, with their largest gaps (§5.1, §11 C10). */
export function registerCompare(program: Command, io: CliIo): void {
  program
    .command('compare')
    .description(
      'run the asymptotic theory, the semi-analytic prediction (5.3) on the same tasks as `dlgen simulate` (it assumes ' +
        'training-aligned students) and the simulation itself, and print them side by side with the largest gaps ' +
        '(in ln error, optimal stopping epoch and minimum test error)',
    )
    .option('--config <file>', 'JSON config (fields as in README; omitted fields take the paper Fig. 3 defaults)')
    .option('--json', 'print machine-readable JSON on stdout')
    .option('--runs <n>', 'number of independent runs (overrides the config)', parseNumber)
    .option('--seed <s>', 'seed (overrides the config)', parseNumber)
    .option('--workers <n>', 'threads for the simulation (default: every core); results do not depend on it', parseNumber)
    .action(async (opts: CompareOptions) => {
      const config = resolveConfig(rawConfigFrom(opts.config, { runs: opts.runs, seed: opts.seed }));
      const workers = opts.workers;
      if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 1024)) {
        throw new RangeError(`--workers: got ${workers}; allowed: integer in [1, 1024]`);
      }
      const progress = createProgress(io);
      const c = await compareLevels(config, { workers, onProgress: (done, total) => progress.update(done, total, 'epochs') });
      progress.finish();
      io.stdout(opts.json ? `${JSON.stringify(comparisonJson(c))}\n` : comparisonSummary(c));
    });
}

function sourceJson(s: Source): object {
  return s.runs.map((r) => ({
    trainError: r.trainError,
    testError: r.testError,
    optimalStoppingEpoch: r.optimum.tOpt,
    minTestError: r.optimum.minError,
  }));
}

/** The `--json` document of `dlgen compare`, §5.1. */
export function comparisonJson(c: Comparison): object {
  const th = c.theory.runs[0];
  return {
    config: c.config,
    epochs: c.epochs,
    theory: {
      trainError: th.trainError,
      testError: th.testError,
      optimalStoppingEpoch: th.optimum.tOpt,
      minTestError: th.optimum.minError,
      shrinkageTestError: c.theory.shrinkageTestError,
    },
    semiAnalytic: { runs: sourceJson(c.semiAnalytic) },
    simulation: { runs: sourceJson(c.simulation) },
    gaps: c.gaps,
  };
}

const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** A human summary: one column per level, then the largest gaps, §5.1. */
export function comparisonSummary(c: Comparison): string {
  const cfg = c.config;
  const last = c.epochs.length - 1;
  const header =
    `dlgen compare: N1=${cfg.inputDim} hidden=[${cfg.hiddenDims.join(',')}] N3=${cfg.outputDim} P=${cfg.examples} ` +
    `s̄=[${cfg.teacherSingularValues.join(',')}] σ_z=${cfg.noiseStd} λ=${cfg.learningRate} ε=${cfg.initScale} ` +
    `init=${cfg.init} epochs=${cfg.epochs} runs=${cfg.runs} seed=${cfg.seed}\n` +
    '(semi-analytic and simulation: mean over runs; the semi-analytic prediction assumes training-aligned students)\n\n';
  const col = (s: Source, f: (r: Source['runs'][number]) => number) => fmt(meanOf(s.runs.map(f)));
  const levels = [c.theory, c.semiAnalytic, c.simulation];
  const row = (name: string, f: (r: Source['runs'][number]) => number) => [name, ...levels.map((s) => col(s, f))];
  const side = table(['quantity', 'theory', 'semi-analytic', 'simulation'], [
    row('min ln test error', (r) => ln(r.optimum.minError)),
    row('optimal stopping epoch', (r) => r.optimum.tOpt),
    row(`ln train error at epoch ${c.epochs[last]}`, (r) => ln(r.trainError[last])),
    row(`ln test error at epoch ${c.epochs[last]}`, (r) => ln(r.testError[last])),
  ]);
  const gapRow = (name: string, g: Gap) => [
    name,
    `${fmt(g.maxLnTestGap.value)} (epoch ${g.maxLnTestGap.epoch}, run ${g.maxLnTestGap.run})`,
    `${fmt(g.maxLnTrainGap.value)} (epoch ${g.maxLnTrainGap.epoch}, run ${g.maxLnTrainGap.run})`,
    fmt(g.minLnTestErrorGap.value),
    fmt(g.optimalStoppingEpochGap.value),
  ];
  const gaps = table(['largest gaps', 'max |Δ ln ε_test|', 'max |Δ ln ε_train|', '|Δ min ln ε_test|', '|Δ t_opt| (epochs)'], [
    gapRow('theory vs simulation', c.gaps.theoryVsSimulation),
    gapRow('semi-analytic vs simulation', c.gaps.semiAnalyticVsSimulation),
    gapRow('theory vs semi-analytic', c.gaps.theoryVsSemiAnalytic),
  ]);
  return `${header}${side}\n${gaps}optimal shrinkage test error (7.2): ${fmt(c.theory.shrinkageTestError)}\n`;
}
