import type { Command } from 'commander';
import { resolveConfig } from '../../config/simulationConfig.js';
import { refuseNonlinear } from '../../config/activationFields.js';
import { theoryReport, type TheoryReport } from '../../theory/theoryReport.js';
import { rawConfigFrom } from '../configArgs.js';
import { fmt, table } from '../format.js';
import type { CliIo } from '../io.js';
import { assertFinite, jsonLine } from '../json.js';
import { checkJsonSize } from '../outputSize.js';
import { UsageError } from '../errors.js';
import { addOptions, numberList } from '../options.js';

interface TheoryOptions {
  config?: string;
  json?: boolean;
  epochs?: string[];
}

/** `dlgen theory`: the asymptotic theory's curves for a config, on the epoch grid of `dlgen simulate` (§4–§7). */
export function registerTheory(program: Command, io: CliIo): void {
  const cmd = program
    .command('theory')
    .description(
      'asymptotic theory (THEORY.md §4–§7) for a config: train/test error curves on the same epochs as `dlgen simulate`, ' +
        'mode strengths, noisy singular values, overlaps, detectability threshold, the continuous-time optimal ' +
        'stopping point on [0, epochs] and the optimal-shrinkage error',
    );
  addOptions(cmd, ['config', 'json', 'epochs'], {
    config:
      'JSON config (- reads stdin; the fields of `dlgen simulate`; init, update, runs and seed do not enter the theory)',
  });
  cmd.action((opts: TheoryOptions) => {
    const config = resolveConfig(rawConfigFrom(opts.config, {}, io));
    refuseNonlinear(config, 'theory');
    if (opts.json && opts.epochs === undefined) checkJsonSize('theory', config, config.teacherSingularValues.length);
    const epochs = opts.epochs === undefined ? undefined : numberList('--epochs', opts.epochs, 1_000_000);
    for (const t of epochs ?? [])
      if (!(t >= 0 && t <= 1e12)) throw new UsageError(`--epochs: got ${t}; allowed: numbers in [0, 1e12]`);
    const report = theoryReport(config, { epochs });
    const doc = theoryJson(report);
    assertFinite(doc, 'theory');
    for (const w of report.warnings) io.stderr(`dlgen theory: warning: ${w}\n`);
    io.stdout(opts.json ? jsonLine(doc, 'theory') : theorySummary(report));
  });
}

/** The `--json` document (key order as README.md lists it), §4–§7. */
export function theoryJson(r: TheoryReport): object {
  const c = r.curves;
  return {
    config: r.config,
    epochs: c.epochs,
    trainError: c.trainError,
    testError: c.testError,
    modeStrengths: c.modeStrengths,
    sHat: c.sHat,
    overlap: c.overlap,
    threshold: c.threshold,
    optimalStoppingEpoch: r.optimum.tOpt,
    minTestError: r.optimum.minError,
    shrinkageTestError: r.shrinkageTestError,
    // Only when an assumption is broken, so documents of valid configs keep their keys.
    ...(r.warnings.length > 0 ? { warnings: r.warnings } : {}),
  };
}

/** A short human summary: per-mode image, optimal stopping, shrinkage, final errors, §4–§7. */
export function theorySummary(r: TheoryReport): string {
  const c = r.config;
  const th = r.curves;
  const m = th.model;
  const last = th.epochs.length - 1;
  const header =
    `dlgen theory: N1=${c.inputDim} hidden=[${c.hiddenDims.join(',')}] N3=${c.outputDim} P=${c.examples} ` +
    `s̄=[${c.teacherSingularValues.join(',')}] σ_z=${c.noiseStd} λ=${c.learningRate} ε=${c.initScale} epochs=${c.epochs}\n` +
    `effective spiked model (§4.5): aspect ${fmt(m.eff.aspect)}, bulk scale ${fmt(m.eff.bulkScale)}, ` +
    `noise modes ${m.nNoise} (fitted ${m.nFit}), detectability threshold s̄ > ${fmt(th.threshold)}\n\n`;
  const modes = table(
    ['mode', 's̄', 'ŝ', 'overlap 𝒪', 'detectable'],
    m.signals.map((s, a) => [String(a + 1), fmt(s.sBar), fmt(th.sHat[a]), fmt(s.overlap), s.detectable ? 'yes' : 'no']),
  );
  const rows = [
    ['optimal stopping epoch (continuous, on [0, epochs])', fmt(r.optimum.tOpt)],
    ['min test error (ln)', `${fmt(r.optimum.minError)} (${fmt(Math.log(r.optimum.minError))})`],
    ['optimal shrinkage test error (7.2)', fmt(r.shrinkageTestError)],
    [`final train error (epoch ${th.epochs[last]})`, fmt(th.trainError[last])],
    [`final test error (epoch ${th.epochs[last]})`, fmt(th.testError[last])],
  ];
  return `${header}${modes}\n${table(['quantity', 'value'], rows)}`;
}
