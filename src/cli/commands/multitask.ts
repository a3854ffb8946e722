import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import {
  formatAuthorsCsv,
  loadAuthorsRuns,
  parseAuthorsCsv,
  type AuthorsFile,
  type AuthorsRun,
} from '../../multitask/authorsCsv.js';
import { cellBenefits, compareWithAuthors, type ComparisonSummary } from '../../multitask/benefits.js';
import { resolveMultitaskConfig, type MultitaskConfig } from '../../multitask/config.js';
import { runMultitask, type MultitaskReport } from '../../multitask/run.js';
import {
  gridCells,
  multitaskSweep,
  planMultitaskSweep,
  runMultitaskSweepUnits,
  type MultitaskGrid,
  type MultitaskSweepRun,
} from '../../multitask/sweep.js';
import { unitsOfShard } from '../../shard/assign.js';
import { partText } from '../../shard/part.js';
import { shardNotice } from '../../shard/shardSpec.js';
import { shardOf, type ShardOptions } from '../shardArgs.js';
import { rawConfigFrom } from '../configArgs.js';
import { UsageError } from '../errors.js';
import { fmt } from '../format.js';
import type { CliIo } from '../io.js';
import { assertFinite, jsonLine } from '../json.js';
import { addOptions, numberList } from '../options.js';
import { checkWritable, writeFileAtomic } from '../outFile.js';
import { createProgress } from '../progress.js';

interface MultitaskOptions {
  config?: string;
  json?: boolean;
  seeds?: number;
  seed?: number;
  workers?: number;
}

interface SweepOptions extends MultitaskOptions, ShardOptions {
  relatedness?: string[];
  scalesA?: string[];
  scalesB?: string[];
  train?: string[];
  aux?: string[];
  out?: string;
  timings?: boolean;
}

/** `dlgen multitask` and `dlgen multitask sweep`: two softmax tasks on a shared trunk (MULTITASK.md). */
export function registerMultitask(program: Command, io: CliIo): void {
  const multitask = program
    .command('multitask')
    .description(
      "benefit of training task A with a related task B on a shared trunk (softmax classifiers, the authors' protocol; docs/multitask.md)",
    );
  addOptions(multitask, ['config', 'json', 'seeds', 'seed', 'workers'], {
    config: 'JSON multitask config (- reads stdin; fields in docs/multitask.md; omitted fields take their defaults)',
  });
  multitask.action(async (opts: MultitaskOptions) => {
    const config = configOf(opts, io);
    const progress = createProgress(io);
    const report = await runMultitask(config, {
      workers: opts.workers,
      onProgress: (d, t) => progress.update(d, t, 'epochs'),
    });
    progress.finish();
    const text = jsonLine(report, 'multitask');
    io.stdout(opts.json ? text : multitaskSummary(report));
  });

  const sweep = multitask
    .command('sweep')
    .description("benefit over a grid of q, s_A, s_B, ntrain and aux; writes CSV in the authors' column layout");
  addOptions(
    sweep,
    [
      'config',
      'relatedness',
      'scalesA',
      'scalesB',
      'train',
      'aux',
      'out',
      'seeds',
      'seed',
      'workers',
      'shard',
      'shardCount',
      'timings',
    ],
    {
      config: 'JSON multitask config (- reads stdin): the base of every cell',
      out: 'write the CSV to this file (atomically) instead of stdout; checked before the work starts',
      timings: 'leave out the progress bar (the CSV holds no wall-clock figures)',
    },
  );
  sweep.action(async (_local: SweepOptions, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as SweepOptions;
    const config = configOf(opts, io);
    const grid = gridOf(opts, config);
    if (opts.out !== undefined) checkWritable('--out', opts.out);
    const shard = shardOf(opts);
    const progress = opts.timings === false ? undefined : createProgress(io);
    if (shard) {
      // One shard's units (shared single-task students and cells); its part file goes to --out or stdout, for `dlgen merge`.
      const run: MultitaskSweepRun = { command: 'multitask sweep', config, grid };
      const units = planMultitaskSweep(run);
      const mine = unitsOfShard(units, shard.index, shard.count);
      io.stderr(shardNotice('multitask sweep', shard, mine.length, units.length));
      const results = await runMultitaskSweepUnits(mine, {
        workers: opts.workers,
        onProgress: (d, t) => progress?.update(d, t, 'epochs'),
      });
      progress?.finish();
      assertFinite(results, 'multitask sweep');
      const runs = results.reduce((s, r) => s + r.length, 0);
      const lines = mine.map((u, k) => `${u.id}: ${results[k].map((m) => m.loss).join(' ')}`);
      const text = partText(
        'multitask sweep',
        run,
        config.seed,
        shard,
        mine.map((u, k) => ({ id: u.id, result: results[k] })),
        { totalUnits: units.length, runs },
        lines.length === 0 ? '' : `${lines.join('\n')}\n`,
      );
      if (opts.out === undefined) io.stdout(text);
      else writeFileAtomic(opts.out, text);
      return;
    }
    const rows = await multitaskSweep(config, grid, {
      workers: opts.workers,
      onProgress: (d, t) => progress?.update(d, t, 'epochs'),
    });
    progress?.finish();
    assertFinite(rows, 'multitask sweep');
    const csv = formatAuthorsCsv(rows);
    if (opts.out === undefined) {
      io.stdout(csv);
      return;
    }
    writeFileAtomic(opts.out, csv);
    io.stderr(`dlgen multitask sweep: wrote ${rows.length} rows to ${opts.out}\n`);
  });
  sweep.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const compare = multitask
    .command('compare <csv>')
    .description(
      "dlgen's sweep CSV beside the authors' data: per cell both benefits (mean ± SE) and the number of cells whose sign agrees",
    );
  addOptions(compare, ['authors', 'layers', 'json']);
  compare.action((file: string, _local: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as { authors?: string; layers?: string; json?: boolean };
    const name = opts.authors ?? 'rank-10';
    const ours = benefitsOf(readRuns(file, '<csv>'), `<csv>: ${file}`);
    const theirs = benefitsOf(authorsRunsOf(name, opts.layers), `--authors: ${name}`);
    const summary = compareWithAuthors(ours, theirs);
    const json = jsonLine(summary, 'multitask compare');
    io.stdout(opts.json ? json : comparisonTable(summary, name));
  });
  compare.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
}

const AUTHORS_FILES: readonly AuthorsFile[] = ['rank-10', 'rank-3', 'aux-train-pts'];

/** The runs of a CSV in the authors' layout, with usage errors that name `what` (the argument or flag). */
function readRuns(file: string, what: string): AuthorsRun[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${what}: cannot read ${file} (${(e as Error).message})`);
  }
  try {
    return parseAuthorsCsv(text);
  } catch (e) {
    throw new UsageError(`${what}: ${file} is not a CSV in the authors' layout (${(e as Error).message})`);
  }
}

/** Cell benefits of `runs`; a multitask run without its baseline is a usage error prefixed by `what`. */
function benefitsOf(runs: readonly AuthorsRun[], what: string) {
  try {
    return cellBenefits(runs);
  } catch (e) {
    throw new UsageError(`${what}: ${(e as Error).message}`);
  }
}

/**
 * The authors' runs of `--authors` (a file of the shipped data, or a path to a CSV in their layout),
 * restricted by `--layers` to one trunk depth; a file with several depths needs `--layers`.
 */
function authorsRunsOf(name: string, layers: string | undefined): AuthorsRun[] {
  const isPath = name.includes('/') || name.endsWith('.csv');
  if (!isPath && !AUTHORS_FILES.includes(name as AuthorsFile))
    throw new UsageError(`--authors: got "${name}"; allowed: ${AUTHORS_FILES.join(', ')} or the path of a CSV`);
  const runs = isPath ? readRuns(name, '--authors') : loadAuthorsRuns(name as AuthorsFile);
  const depths = [...new Set(runs.flatMap((r) => (r.layers === undefined ? [] : [r.layers])))].sort((a, b) => a - b);
  if (layers === undefined) {
    if (depths.length > 1)
      throw new UsageError(
        `--layers: ${name} holds runs of ${depths.join(', ')} trunk layers; pick one (a sweep CSV has one depth)`,
      );
    return runs;
  }
  const n = Number(layers);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--layers: got "${layers}"; expected an integer ≥ 1`);
  if (depths.length === 0) throw new UsageError(`--layers: ${name} has no nlayers column`);
  if (!depths.includes(n))
    throw new UsageError(`--layers: ${name} has no runs with ${n} trunk layers (it has ${depths.join(', ')})`);
  return runs.filter((r) => r.layers === n);
}

/** A Markdown table of the comparison, then the sign-agreement counts. */
export function comparisonTable(c: ComparisonSummary, name: string): string {
  const pm = (x: { mean: number; se: number }) => `${x.mean.toFixed(3)} ± ${x.se.toFixed(3)}`;
  const lines = [
    '| ntrain | aux | s_A | s_B | q | dlgen | authors | sign |',
    '|---|---|---|---|---|---|---|---|',
    ...c.rows.map(
      (r) =>
        `| ${r.key.mainTrain} | ${r.key.auxTrain} | ${fmt(r.key.scaleA, 3)} | ${fmt(r.key.scaleB, 3)} | ${r.key.relatedness} | ${pm(r.dlgen)} | ${pm(r.authors)} | ${r.signAgrees ? 'agrees' : 'differs'}${r.authorsResolved ? '' : ' (authors within 2 SE of 0)'} |`,
    ),
    '',
    `sign agrees in ${c.agree} of ${c.total} cells (${c.resolvedAgree} of the ${c.resolved} whose authors' mean is more than 2 SE from 0)` +
      (c.unmatched > 0 ? `; ${c.unmatched} dlgen cell(s) have no cell in ${name}` : ''),
  ];
  return `${lines.join('\n')}\n`;
}

function configOf(opts: MultitaskOptions, io: CliIo): MultitaskConfig {
  return resolveMultitaskConfig(rawConfigFrom(opts.config, { seeds: opts.seeds, seed: opts.seed }, io));
}

/** The grid of the sweep flags (each defaults to the config's single value); every cell is validated before any training. */
function gridOf(opts: SweepOptions, c: MultitaskConfig): MultitaskGrid {
  const list = (flag: string, items: string[] | undefined, fallback: number) =>
    items === undefined ? [fallback] : numberList(flag, items);
  const grid: MultitaskGrid = {
    relatedness: list('--relatedness', opts.relatedness, c.relatedness),
    scalesA: list('--scales-a', opts.scalesA, c.scaleA),
    scalesB: list('--scales-b', opts.scalesB, c.scaleB),
    trainExamples: list('--train', opts.train, c.trainExamples),
    auxExamples: opts.aux === undefined ? undefined : numberList('--aux', opts.aux),
  };
  const checks: [string, readonly number[], (x: number) => boolean, string][] = [
    ['--relatedness', grid.relatedness, (q) => q >= 0 && q <= 1, 'numbers in [0, 1]'],
    ['--scales-a', grid.scalesA, (s) => s >= 0 && s <= 1e6, 'numbers in [0, 1e6]'],
    ['--scales-b', grid.scalesB, (s) => s >= 0 && s <= 1e6, 'numbers in [0, 1e6]'],
    ['--train', grid.trainExamples, (n) => Number.isInteger(n) && n >= 1 && n <= 1_000_000, 'integers in [1, 1000000]'],
    [
      '--aux',
      grid.auxExamples ?? [],
      (n) => Number.isInteger(n) && n >= 1 && n <= 1_000_000,
      'integers in [1, 1000000]',
    ],
  ];
  for (const [flag, values, ok, allowed] of checks)
    for (const v of values) if (!ok(v)) throw new UsageError(`${flag}: got ${v}; allowed: ${allowed}`);
  gridCells(c, grid);
  return grid;
}

/** A short human summary: per seed the two test losses and the benefit, then its mean ± SE. */
export function multitaskSummary(r: MultitaskReport): string {
  const c = r.config;
  const lines = [
    `dlgen multitask: d=${c.inputDim} C=${c.classes} r=${c.rank} s_A=${fmt(c.scaleA)} s_B=${fmt(c.scaleB)} q=${fmt(c.relatedness)} ntrain=${c.trainExamples} aux=${c.auxExamples} ` +
      `trunk=${c.trunkLayers}×${c.trunkWidth} ${c.activation} protocol=${c.protocol}${c.protocol === 'fullBatch' ? ` update=${c.update}` : ''} lr=${fmt(c.learningRate)} epochs=${c.epochs}`,
    ...r.seeds.map(
      (s) =>
        `  seed ${s.seed}: single ${fmt(s.singleTaskLoss)}  multi ${fmt(s.multiTaskLoss)}  benefit ${fmt(s.benefit)}`,
    ),
    `benefit (single − multi test cross-entropy of task A): ${fmt(r.benefit.mean)} ± ${fmt(r.benefit.se)} (SE over ${r.seeds.length} seeds)`,
  ];
  return `${lines.join('\n')}\n`;
}
