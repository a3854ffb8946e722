import type { Command } from 'commander';
import { isNonlinearConfig, refuseNonlinear } from '../../config/activationFields.js';
import { ConfigError } from '../../config/errors.js';
import { NONLINEAR_TRANSFER_NOTE } from '../../transfer/nonlinearPairRun.js';
import type { TransferEngine } from '../../transfer/simulateTransfer.js';
import { resolveTransferConfig, transferHasTheory, type TransferConfig } from '../../transfer/transferConfig.js';
import { runTransferExperiment, type TransferReport } from '../../transfer/transferParallel.js';
import { sweepCellConfig, sweepCsv, transferSweep } from '../../transfer/transferSweep.js';
import { rawConfigFrom } from '../configArgs.js';
import { UsageError } from '../errors.js';
import { argmin, fmt, table } from '../format.js';
import type { CliIo } from '../io.js';
import { assertFinite, jsonLine } from '../json.js';
import { checkJsonSize } from '../outputSize.js';
import { addOptions, numberList } from '../options.js';
import { checkWritable, writeFileAtomic } from '../outFile.js';
import { createProgress } from '../progress.js';
import { unitsOfShard } from '../../shard/assign.js';
import { partText } from '../../shard/part.js';
import { shardNotice } from '../../shard/shardSpec.js';
import { planSweep, runSweepUnits, type SweepRunConfig } from '../../shard/sweepUnits.js';
import { shardOf, type ShardOptions } from '../shardArgs.js';

interface TransferOptions {
  config?: string;
  json?: boolean;
  runs?: number;
  seed?: number;
  workers?: number;
  engine?: string;
}

interface SweepOptions extends TransferOptions, ShardOptions {
  alignments?: string[];
  snrs?: string[];
  out?: string;
  timings?: boolean;
}

/** `dlgen transfer` and `dlgen transfer sweep`: transfer between two tasks sharing the input layer (§8). */
export function registerTransfer(program: Command, io: CliIo): void {
  const transfer = program
    .command('transfer')
    .description(
      'transfer benefit T^{A<-B} to target task A from training jointly with task B: simulation and theory (THEORY.md §8)',
    );
  addOptions(transfer, ['config', 'json', 'runs', 'seed', 'workers', 'engine'], {
    config:
      'JSON transfer config (- reads stdin; fields in docs/transfer.md; omitted fields take the paper F7 defaults)',
  });
  transfer.action(async (opts: TransferOptions) => {
    const config = configOf(opts, io);
    const engine = engineOf(opts.engine, config);
    if (opts.json) checkJsonSize('transfer', config, 0);
    const progress = createProgress(io);
    const report = await runTransferExperiment(config, {
      workers: opts.workers,
      engine,
      onProgress: (d, t) => progress.update(d, t, engine === 'gd' ? 'epochs' : 'runs'),
    });
    progress.finish();
    const doc = transferJson(report);
    assertFinite(doc, 'transfer');
    io.stdout(opts.json ? jsonLine(doc, 'transfer') : transferSummary(report));
  });

  const sweep = transfer
    .command('sweep')
    .description('T^{A<-B} on a grid of alignments q and SNRs of task B, in parallel over cores; writes CSV');
  addOptions(
    sweep,
    ['config', 'alignments', 'snrs', 'out', 'runs', 'seed', 'workers', 'engine', 'shard', 'shardCount', 'timings'],
    {
      config: 'JSON transfer config (- reads stdin): the base of every cell',
      out: 'write the CSV to this file (atomically) instead of stdout; checked before the work starts',
      seed: 'seed (overrides the config; every cell uses it)',
      engine: 'gd (default) or decoupled (see dlgen transfer --help)',
      timings: 'leave out the progress bar (the CSV holds no wall-clock figures)',
    },
  );
  sweep.action(async (_local: SweepOptions, cmd: Command) => {
    // Commander also lets the parent command take --config, --runs, … after "sweep": merge both.
    const opts = cmd.optsWithGlobals() as SweepOptions;
    const config = configOf(opts, io);
    refuseTheoryless(config);
    const alignments = numberList('--alignments', opts.alignments);
    const snrs = numberList('--snrs', opts.snrs);
    checkGrid(config, alignments, snrs);
    const engine = engineOf(opts.engine, config);
    if (opts.out !== undefined) checkWritable('--out', opts.out);
    const shard = shardOf(opts);
    const progress = opts.timings === false ? undefined : createProgress(io);
    if (shard) {
      // One shard's cells; the part file (CSV plus manifest) goes to --out or stdout, for `dlgen merge`.
      const run: SweepRunConfig = { command: 'transfer sweep', config, alignments, snrs, engine };
      const units = planSweep(run);
      const mine = unitsOfShard(units, shard.index, shard.count);
      io.stderr(shardNotice('transfer sweep', shard, mine.length, units.length));
      const rows = await runSweepUnits(mine, {
        workers: opts.workers,
        onProgress: (d, t) => progress?.update(d, t, 'sweep'),
      });
      progress?.finish();
      const counts = { totalUnits: units.length, runs: rows.reduce((s, r) => s + r.runs, 0) };
      const text = partText(
        'transfer sweep',
        run,
        config.seed,
        shard,
        mine.map((u, k) => ({ id: u.id, result: rows[k] })),
        counts,
        sweepCsv(rows),
      );
      if (opts.out === undefined) io.stdout(text);
      else writeFileAtomic(opts.out, text);
      return;
    }
    const rows = await transferSweep(config, alignments, snrs, {
      workers: opts.workers,
      engine,
      onProgress: (d, t) => progress?.update(d, t, 'sweep'),
    });
    progress?.finish();
    const csv = sweepCsv(rows);
    if (opts.out === undefined) {
      io.stdout(csv);
      return;
    }
    writeFileAtomic(opts.out, csv);
    io.stderr(`dlgen transfer sweep: wrote ${rows.length} cells to ${opts.out}\n`);
  });
  sweep.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
}

function configOf(opts: TransferOptions, io: CliIo): TransferConfig {
  return resolveTransferConfig(rawConfigFrom(opts.config, { runs: opts.runs, seed: opts.seed }, io));
}

/** `dlgen transfer sweep` pairs every cell with its theory: it refuses nonlinear students or teachers, naming the field. */
function refuseTheoryless(config: TransferConfig): void {
  const instead = 'run `dlgen transfer` for nonlinear students or teachers (simulation only)';
  refuseNonlinear(config, 'transfer sweep', instead);
  if (config.teacherActivation !== undefined)
    throw new ConfigError([
      {
        field: 'teacherActivation',
        value: config.teacherActivation,
        allowed: `"linear" (leave it out): \`dlgen transfer sweep\` is the linear theory with its simulation; ${instead}`,
      },
    ]);
}

/** The engine named by --engine; `decoupled` needs training-aligned students and P ≥ N1 (§3.1). */
function engineOf(engine: string | undefined, config: TransferConfig): TransferEngine {
  if (engine !== 'gd' && engine !== 'decoupled' && engine !== undefined)
    throw new UsageError(`--engine: got "${engine}"; allowed: "gd", "decoupled"`);
  if (engine === 'decoupled' && !transferHasTheory(config))
    throw new UsageError(
      `--engine decoupled: needs linear students and teachers (their modes decouple, §3.1); the config has ${isNonlinearConfig(config) ? `activation "${config.activation}"` : `teacherActivation "${config.teacherActivation}"`}: use --engine gd`,
    );
  if (engine === 'decoupled' && config.init !== 'aligned') {
    throw new UsageError(
      `--engine decoupled: needs init "aligned" (training-aligned students decouple, §3.1); the config has init "${config.init}": use --engine gd`,
    );
  }
  if (engine === 'decoupled' && config.examples < config.inputDim) {
    throw new UsageError(
      `--engine decoupled: needs examples ≥ inputDim (Σ11 = I or D·I, §3.1); the config has examples ${config.examples} < inputDim ${config.inputDim}: use --engine gd`,
    );
  }
  return engine ?? 'gd';
}

/** Every cell of the grid must be a valid config: q in [0, 1], m in (0, 1e6], and s̄_B rescaled to m in range. */
function checkGrid(config: TransferConfig, alignments: readonly number[], snrs: readonly number[]): void {
  for (const q of alignments)
    if (!(q >= 0 && q <= 1)) throw new UsageError(`--alignments: got ${q}; allowed: numbers in [0, 1]`);
  for (const m of snrs)
    if (!(m > 0 && m <= 1e6)) throw new UsageError(`--snrs: got ${m}; allowed: numbers in (0, 1e6]`);
  for (const m of snrs) {
    try {
      sweepCellConfig(config, alignments[0], m);
    } catch (e) {
      throw new UsageError(`--snrs: ${m} makes an invalid task B (${(e as Error).message})`);
    }
  }
}

/** The `--json` document: exactly the keys docs/transfer.md lists (config, epochs, alone, joint, transfer), (8.2)–(8.3). */
export function transferJson(r: TransferReport): object {
  return {
    config: r.config,
    epochs: r.epochs,
    alone: { theory: r.alone.theory, simulation: r.alone.simulation },
    joint: { theory: r.joint.theory, simulation: r.joint.simulation },
    transfer: { theory: r.transfer.theory, simulation: r.transfer.simulation },
    ...(transferHasTheory(r.config) ? {} : { note: NONLINEAR_TRANSFER_NOTE }),
  };
}

/** A short human summary: T^{A←B} in theory and simulation, and the optima of the two curves on A (8.2). */
export function transferSummary(r: TransferReport): string {
  const c = r.config;
  const se = (x: number | null) => (x === null ? '' : ` ± ${fmt(x)}`);
  const curveMin = (xs: readonly number[] | null) => {
    if (xs === null) return '—';
    const i = argmin(xs);
    return `${fmt(xs[i])} at epoch ${r.epochs[i]}`;
  };
  const nonlinear = !transferHasTheory(c);
  const student = isNonlinearConfig(c)
    ? ` activation=${c.activation}${c.leakySlope !== undefined ? ` leakySlope=${c.leakySlope}` : ''}`
    : '';
  const teacher = c.teacherActivation
    ? ` teacherActivation=${c.teacherActivation} teacherLeakySlope=${c.teacherLeakySlope}`
    : '';
  const header =
    `dlgen transfer: N1=${c.inputDim} hidden=[${c.hiddenDims.join(',')}] N3A=${c.outputDimA} N3B=${c.outputDimB} P=${c.examples} ` +
    `s̄_A=[${c.singularValuesA.join(',')}] s̄_B=[${c.singularValuesB.join(',')}] q=${JSON.stringify(c.alignment)} σ_z=${fmt(c.noiseStd)} ` +
    `λ=${c.learningRate} ε=${c.initScale} init=${c.init} update=${c.update} epochs=${c.epochs} runs=${c.runs} seed=${c.seed}` +
    (nonlinear ? `${student}${teacher}\n${NONLINEAR_TRANSFER_NOTE}` : '') +
    '\n\n';
  const rows = [
    [
      'T^{A<-B} (8.2)',
      r.transfer.theory === null ? '—' : fmt(r.transfer.theory),
      `${fmt(r.transfer.simulation.mean)}${se(r.transfer.simulation.se)}`,
    ],
    ['min error on A, alone', curveMin(r.alone.theory), curveMin(r.alone.simulation.mean)],
    ['min error on A, joint', curveMin(r.joint.theory), curveMin(r.joint.simulation.mean)],
  ];
  return (
    header +
    table(['quantity', 'theory', 'simulation (mean over runs)'], rows) +
    '\nT is the mean over runs of (min alone − min joint) per run; the rows below it are minima of the mean curves.\n'
  );
}
