import type { Command } from 'commander';
import { resolveConfig } from '../../config/simulationConfig.js';
import { isNonlinearConfig } from '../../config/activationFields.js';
import {
  compareNonlinear,
  NONLINEAR_COMPARE_NOTE,
  nonlinearComparisonJson,
  nonlinearComparisonSummary,
} from './compareNonlinear.js';
import { compareLevels, type Comparison, type Gap, type LevelCurves } from '../../theory/comparison.js';
import { DivergenceError } from '../../network/divergence.js';
import { rawConfigFrom } from '../configArgs.js';
import { divergenceOverRuns } from '../divergenceAdvice.js';
import { fmt, table } from '../format.js';
import type { CliIo } from '../io.js';
import { assertFinite, jsonLine } from '../json.js';
import { checkJsonSize } from '../outputSize.js';
import { addOptions } from '../options.js';
import { createProgress } from '../progress.js';

interface CompareOptions {
  config?: string;
  json?: boolean;
  runs?: number;
  seed?: number;
  workers?: number;
}

const ln = (x: number) => Math.log(Math.max(x, 1e-300));

/** `dlgen compare`: theory, semi-analytic and simulation side by side, with their largest gaps (§5.1, §11 C10). */
export function registerCompare(program: Command, io: CliIo): void {
  const cmd = program
    .command('compare')
    .description(
      'run the asymptotic theory, the semi-analytic prediction (5.3) on the same tasks as `dlgen simulate` (it assumes ' +
        'training-aligned students) and the simulation itself, and print them side by side with the largest gaps ' +
        '(in ln error, optimal stopping epoch and minimum test error)',
    );
  addOptions(cmd, ['config', 'json', 'runs', 'seed', 'workers'], {
    config: 'JSON config (- reads stdin; fields as in README; omitted fields take the paper Fig. 3 defaults)',
    workers: 'threads for the simulation (default: every core; at most four per core); results do not depend on it',
  });
  cmd.action(async (opts: CompareOptions) => {
    const config = resolveConfig(rawConfigFrom(opts.config, { runs: opts.runs, seed: opts.seed }, io));
    if (opts.json) checkJsonSize('compare', config, config.teacherSingularValues.length);
    const progress = createProgress(io);
    if (isNonlinearConfig(config)) {
      const nl = await compareNonlinear(config, {
        workers: opts.workers,
        onProgress: (done, total) => progress.update(done, total, 'epochs'),
      });
      progress.finish();
      const doc = nonlinearComparisonJson(nl);
      assertFinite(doc, 'compare');
      io.stderr(`dlgen compare: note: ${NONLINEAR_COMPARE_NOTE}\n`);
      io.stdout(opts.json ? jsonLine(doc, 'compare') : nonlinearComparisonSummary(nl));
      return;
    }
    const c = await compareLevels(config, {
      workers: opts.workers,
      onProgress: (done, total) => progress.update(done, total, 'epochs'),
    }).catch((e: unknown) => {
      throw e instanceof DivergenceError ? divergenceOverRuns(e, config) : e;
    });
    progress.finish();
    const doc = comparisonJson(c);
    assertFinite(doc, 'compare');
    for (const w of c.warnings) io.stderr(`dlgen compare: warning: ${w}\n`);
    io.stdout(opts.json ? jsonLine(doc, 'compare') : comparisonSummary(c));
  });
}

function sourceJson(s: LevelCurves): object {
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
    ...(c.warnings.length > 0 ? { warnings: c.warnings } : {}),
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
  const col = (s: LevelCurves, f: (r: LevelCurves['runs'][number]) => number) => fmt(meanOf(s.runs.map(f)));
  const levels = [c.theory, c.semiAnalytic, c.simulation];
  const row = (name: string, f: (r: LevelCurves['runs'][number]) => number) => [name, ...levels.map((s) => col(s, f))];
  const side = table(
    ['quantity', 'theory', 'semi-analytic', 'simulation'],
    [
      row('min ln test error', (r) => ln(r.optimum.minError)),
      row('optimal stopping epoch', (r) => r.optimum.tOpt),
      row(`ln train error at epoch ${c.epochs[last]}`, (r) => ln(r.trainError[last])),
      row(`ln test error at epoch ${c.epochs[last]}`, (r) => ln(r.testError[last])),
    ],
  );
  const gapRow = (name: string, g: Gap) => [
    name,
    `${fmt(g.maxLnTestGap.value)} (epoch ${g.maxLnTestGap.epoch}, run ${g.maxLnTestGap.run})`,
    `${fmt(g.maxLnTrainGap.value)} (epoch ${g.maxLnTrainGap.epoch}, run ${g.maxLnTrainGap.run})`,
    fmt(g.minLnTestErrorGap.value),
    fmt(g.optimalStoppingEpochGap.value),
  ];
  const gaps = table(
    ['largest gaps', 'max |Δ ln ε_test|', 'max |Δ ln ε_train|', '|Δ min ln ε_test|', '|Δ t_opt| (epochs)'],
    [
      gapRow('theory vs simulation', c.gaps.theoryVsSimulation),
      gapRow('semi-analytic vs simulation', c.gaps.semiAnalyticVsSimulation),
      gapRow('theory vs semi-analytic', c.gaps.theoryVsSemiAnalytic),
    ],
  );
  return `${header}${side}\n${gaps}optimal shrinkage test error (7.2): ${fmt(c.theory.shrinkageTestError)}\n`;
}
