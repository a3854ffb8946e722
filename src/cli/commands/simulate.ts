import type { Command } from 'commander';
import { resolveConfig } from '../../config/simulationConfig.js';
import type { SimulationResult } from '../../network/simulate.js';
import { simulateParallel } from '../../parallel/simulateParallel.js';
import { DivergenceError } from '../../network/divergence.js';
import { rawConfigFrom } from '../configArgs.js';
import { divergenceOverRuns } from '../divergenceAdvice.js';
import { argmin, fmt, table } from '../format.js';
import type { CliIo } from '../io.js';
import { assertFinite, jsonLine } from '../json.js';
import { checkJsonSize } from '../outputSize.js';
import { addOptions } from '../options.js';
import { OutputError, UsageError } from '../errors.js';
import { ArraysDirError, checkArraysDir, saveSimulationArrays } from '../../network/saveArrays.js';
import { createProgress } from '../progress.js';

interface SimulateOptions {
  config?: string;
  json?: boolean;
  runs?: number;
  seed?: number;
  workers?: number;
  saveArrays?: string;
  force?: boolean;
}

/** `dlgen simulate`: trains deep linear students by full-batch GD on teacher–student tasks (§1–§2). */
export function registerSimulate(program: Command, io: CliIo): void {
  const cmd = program
    .command('simulate')
    .description('simulate deep linear students trained by full-batch gradient descent on noisy teacher-student tasks');
  addOptions(cmd, ['config', 'json', 'runs', 'seed', 'workers', 'saveArrays', 'force'], {
    config: 'JSON config (- reads stdin; fields as in README; omitted fields take the paper Fig. 3 defaults)',
  });
  cmd.action(async (opts: SimulateOptions) => {
    const config = resolveConfig(rawConfigFrom(opts.config, { runs: opts.runs, seed: opts.seed }, io));
    if (opts.json) checkJsonSize('simulate', config, config.teacherSingularValues.length);
    if (opts.force && !opts.saveArrays) throw new UsageError('--force: allowed only with --save-arrays DIR');
    if (opts.saveArrays !== undefined) usable(() => checkArraysDir(opts.saveArrays!, opts.force ?? false));
    const progress = createProgress(io);
    const result = await simulateParallel(config, {
      workers: opts.workers,
      onProgress: (done, total) => progress.update(done, total, 'epochs'),
    }).catch((e: unknown) => {
      throw e instanceof DivergenceError ? divergenceOverRuns(e, config) : e;
    });
    progress.finish();
    const doc = simulationJson(result);
    assertFinite(doc, 'simulate');
    if (opts.saveArrays !== undefined)
      usable(() => saveSimulationArrays(config, opts.saveArrays!, { force: opts.force }));
    io.stdout(opts.json ? jsonLine(doc, 'simulate') : simulationSummary(result));
  });
}

/** The `--json` document: resolved config, epochs, per-run curves (mode strengths of the teacher modes) and means. */
export function simulationJson(r: SimulationResult): object {
  const rank = r.config.teacherSingularValues.length;
  return {
    config: r.config,
    epochs: r.epochs,
    runs: r.runs.map((run) => ({
      trainError: run.trainError,
      testError: run.testError,
      modeStrengths: run.modeStrengths.slice(0, rank),
    })),
    mean: r.mean,
  };
}

/** A short human summary: final errors and the minimum of the mean test error. */
export function simulationSummary(r: SimulationResult): string {
  const c = r.config;
  const last = r.epochs.length - 1;
  const best = argmin(r.mean.testError);
  const runMins = r.runs.map((run) => {
    const i = argmin(run.testError);
    return { epoch: r.epochs[i], err: run.testError[i] };
  });
  const meanLnMin = runMins.reduce((s, m) => s + Math.log(m.err), 0) / runMins.length;
  const header =
    `dlgen simulate: N1=${c.inputDim} hidden=[${c.hiddenDims.join(',')}] N3=${c.outputDim} P=${c.examples} ` +
    `s̄=[${c.teacherSingularValues.join(',')}] σ_z=${c.noiseStd} λ=${c.learningRate} ε=${c.initScale} ` +
    `init=${c.init} update=${c.update} inputs=${c.inputs} epochs=${c.epochs} runs=${c.runs} seed=${c.seed}` +
    (c.activation ? ` activation=${c.activation}${c.leakySlope !== undefined ? ` (slope ${c.leakySlope})` : ''}` : '') +
    '\n\n';
  const rows = [
    ['final train error', fmt(r.mean.trainError[last])],
    ['final test error', fmt(r.mean.testError[last])],
    ['min test error (mean curve)', `${fmt(r.mean.testError[best])} at epoch ${r.epochs[best]}`],
    ['mean over runs of min ln test error', fmt(meanLnMin)],
  ];
  return header + table(['quantity (mean over runs)', 'value'], rows);
}

/** Runs `f`, turning an unusable --save-arrays directory into a UsageError (exit 2) and a failed write into an OutputError (exit 74). */
function usable(f: () => void): void {
  try {
    f();
  } catch (e) {
    if (e instanceof ArraysDirError) throw new UsageError(e.message);
    if (typeof (e as { code?: unknown }).code === 'string') throw new OutputError('--save-arrays directory', e);
    throw e;
  }
}
