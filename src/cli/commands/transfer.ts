import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { TransferEngine } from '../../transfer/simulateTransfer.js';
import { resolveTransferConfig, type TransferConfig } from '../../transfer/transferConfig.js';
import { runTransferExperiment, type TransferReport } from '../../transfer/transferParallel.js';
import { sweepCsv, transferSweep } from '../../transfer/transferSweep.js';
import { parseNumber, rawConfigFrom } from '../configArgs.js';
import { argmin, fmt, table } from '../format.js';
import type { CliIo } from '../io.js';
import { createProgress } from '../progress.js';

interface TransferOptions {
  config?: string;
  json?: boolean;
  runs?: number;
  seed?: number;
  workers?: number;
  engine?: string;
}

interface SweepOptions extends TransferOptions {
  alignments?: string[];
  snrs?: string[];
  out?: string;
}

/** Thrown for bad transfer arguments; reported with exit code 2. */
class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `dlgen transfer` and `dlgen transfer sweep`: transfer between two tasks sharing the input layer (§8). */
export function registerTransfer(program: Command, io: CliIo): void {
  const transfer = program
    .command('transfer')
    .description('transfer benefit T^{A<-B} to target task A from training jointly with task B: simulation and theory (THEORY.md §8)')
    .option('--config <file>', 'JSON transfer config (fields in docs/transfer.md; omitted fields take the paper F7 defaults)')
    .option('--json', 'print machine-readable JSON on stdout')
    .option('--runs <n>', 'number of independent runs (overrides the config)', parseNumber)
    .option('--seed <s>', 'seed (overrides the config)', parseNumber)
    .option('--workers <n>', 'threads to use (default: every core); results do not depend on it', parseNumber)
    .option('--engine <name>', 'gd (matrix gradient descent, default) or decoupled (the same aligned GD mode by mode: exact, fast)')
    .action(async (opts: TransferOptions) => {
      const config = configOf(opts);
      const workers = workersOf(opts.workers);
      const engine = engineOf(opts.engine);
      const progress = createProgress(io);
      const report = await runTransferExperiment(config, { workers, engine, onProgress: (d, t) => progress.update(d, t, engine === 'gd' ? 'epochs' : 'runs') });
      progress.finish();
      io.stdout(opts.json ? `${JSON.stringify(transferJson(report))}\n` : transferSummary(report));
    });

  const sweep = transfer
    .command('sweep')
    .description('T^{A<-B} on a grid of alignments q and SNRs of task B, in parallel over cores; writes CSV')
    .option('--config <file>', 'JSON transfer config: the base of every cell')
    .requiredOption('--alignments <q...>', 'alignments q in [0, 1] (space- or comma-separated)')
    .requiredOption('--snrs <m...>', "SNRs m of task B: s̄_B is rescaled so its smallest value is m (space- or comma-separated)")
    .option('--out <file>', 'write the CSV to this file instead of stdout')
    .option('--runs <n>', 'runs per cell (overrides the config)', parseNumber)
    .option('--seed <s>', 'seed (overrides the config; every cell uses it)', parseNumber)
    .option('--workers <n>', 'threads to use (default: every core); results do not depend on it', parseNumber)
    .option('--engine <name>', 'gd (default) or decoupled (see dlgen transfer --help)')
    .action(async (_local: SweepOptions, cmd: Command) => {
      // Commander also lets the parent command take --config, --runs, … after "sweep": merge both.
      const opts = cmd.optsWithGlobals() as SweepOptions;
      const config = configOf(opts);
      const alignments = numberList('--alignments', opts.alignments);
      const snrs = numberList('--snrs', opts.snrs);
      const workers = workersOf(opts.workers);
      const engine = engineOf(opts.engine);
      const progress = createProgress(io);
      const rows = await transferSweep(config, alignments, snrs, { workers, engine, onProgress: (d, t) => progress.update(d, t, 'sweep') });
      progress.finish();
      const csv = sweepCsv(rows);
      if (opts.out === undefined) {
        io.stdout(csv);
        return;
      }
      try {
        writeFileSync(opts.out, csv);
      } catch (e) {
        throw new UsageError(`--out: cannot write ${opts.out} (${(e as Error).message})`);
      }
      io.stderr(`dlgen transfer sweep: wrote ${rows.length} cells to ${opts.out}\n`);
    });
  sweep.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
}

function configOf(opts: TransferOptions): TransferConfig {
  return resolveTransferConfig(rawConfigFrom(opts.config, { runs: opts.runs, seed: opts.seed }));
}

function workersOf(workers: number | undefined): number | undefined {
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 1024)) {
    throw new UsageError(`--workers: got ${workers}; allowed: integer in [1, 1024]`);
  }
  return workers;
}

function engineOf(engine: string | undefined): TransferEngine {
  if (engine === 'gd' || engine === 'decoupled' || engine === undefined) return (engine ?? 'gd') as TransferEngine;
  throw new UsageError(`--engine: got "${engine}"; allowed: "gd", "decoupled"`);
}

/** Numbers from a variadic option whose items may themselves be comma-separated. */
function numberList(flag: string, items: readonly string[] | undefined): number[] {
  const parts = (items ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) throw new UsageError(`${flag}: got nothing; allowed: one or more numbers`);
  if (parts.length > 10_000) throw new UsageError(`${flag}: got ${parts.length} values; allowed: at most 10000`);
  return parts.map((p) => {
    const x = Number(p);
    if (!Number.isFinite(x)) throw new UsageError(`${flag}: got "${p}"; allowed: numbers`);
    return x;
  });
}

/** The `--json` document: exactly the keys of the issue (config, epochs, alone, joint, transfer), (8.2)–(8.3). */
export function transferJson(r: TransferReport): object {
  return {
    config: r.config,
    epochs: r.epochs,
    alone: { theory: r.alone.theory, simulation: r.alone.simulation },
    joint: { theory: r.joint.theory, simulation: r.joint.simulation },
    transfer: { theory: r.transfer.theory, simulation: r.transfer.simulation },
  };
}

/** A short human summary: T^{A←B} in theory and simulation, and the optima of the two curves on A (8.2). */
export function transferSummary(r: TransferReport): string {
  const c = r.config;
  const se = (x: number | null) => (x === null ? '' : ` ± ${fmt(x)}`);
  const curveMin = (xs: readonly number[]) => {
    const i = argmin(xs);
    return `${fmt(xs[i])} at epoch ${r.epochs[i]}`;
  };
  const header =
    `dlgen transfer: N1=${c.inputDim} hidden=[${c.hiddenDims.join(',')}] N3A=${c.outputDimA} N3B=${c.outputDimB} P=${c.examples} ` +
    `s̄_A=[${c.singularValuesA.join(',')}] s̄_B=[${c.singularValuesB.join(',')}] q=${JSON.stringify(c.alignment)} σ_z=${fmt(c.noiseStd)} ` +
    `λ=${c.learningRate} ε=${c.initScale} init=${c.init} update=${c.update} epochs=${c.epochs} runs=${c.runs} seed=${c.seed}\n\n`;
  const rows = [
    ['T^{A<-B} (8.2)', fmt(r.transfer.theory), `${fmt(r.transfer.simulation.mean)}${se(r.transfer.simulation.se)}`],
    ['min error on A, alone', curveMin(r.alone.theory), curveMin(r.alone.simulation.mean)],
    ['min error on A, joint', curveMin(r.joint.theory), curveMin(r.joint.simulation.mean)],
  ];
  return (
    header +
    table(['quantity', 'theory', 'simulation (mean over runs)'], rows) +
    '\nT is the mean over runs of (min alone − min joint) per run; the rows below it are minima of the mean curves.\n'
  );
}
