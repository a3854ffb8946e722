import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { UsageError } from './errors.js';

/** One command-line option: commander flags, help text and (optionally) a parser that throws `UsageError`. */
export interface OptionDef {
  readonly flags: string;
  readonly description: string;
  readonly parse?: (value: string, previous: unknown) => unknown;
}

/** How many worker threads a run may use: four per core (more only costs memory and start-up time). */
export function maxWorkers(cores: number = availableParallelism()): number {
  return 4 * Math.max(1, cores);
}

/** An integer flag value in [min, max], or a `UsageError` naming the flag and the range. */
export function integerIn(flag: string, min: number, max: number, why = ''): (value: string) => number {
  return (value) => {
    const x = value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isSafeInteger(x) || x < min || x > max)
      throw new UsageError(`${flag}: got "${value}"; allowed: integer in [${min}, ${max}]${why}`);
    return x;
  };
}

/** `--workers`: one limit for every command, a multiple of this machine's cores. */
export function parseWorkers(value: string): number {
  const cores = availableParallelism();
  return integerIn('--workers', 1, maxWorkers(cores), ` (four per core; this machine has ${cores})`)(value);
}

/** Numbers from a variadic option whose items may themselves be comma-separated, e.g. `--snrs 1,2 3`. */
export function numberList(flag: string, items: readonly string[] | undefined, maxCount = 10_000): number[] {
  const parts = splitList(items);
  if (parts.length === 0) throw new UsageError(`${flag}: got nothing; allowed: one or more numbers`);
  if (parts.length > maxCount)
    throw new UsageError(`${flag}: got ${parts.length} values; allowed: at most ${maxCount}`);
  return parts.map((p) => {
    const x = Number(p);
    if (!Number.isFinite(x)) throw new UsageError(`${flag}: got "${p}"; allowed: numbers`);
    return x;
  });
}

/** Items of a variadic option, each split at commas, trimmed, empty ones dropped. */
export function splitList(items: readonly string[] | undefined): string[] {
  return (items ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Every option of every command, in one table. A command lists the names it takes (see
 * `addOptions`); a new option is one entry here and one name in its command's list.
 */
export const OPTIONS = {
  config: {
    flags: '--config <file>',
    description: 'JSON config file (- reads it from stdin); omitted fields take their defaults',
  },
  json: { flags: '--json', description: 'print machine-readable JSON on stdout' },
  runs: {
    flags: '--runs <n>',
    description: 'number of independent runs (overrides the config)',
    parse: integerIn('--runs', 1, 1_000_000),
  },
  seed: {
    flags: '--seed <s>',
    description: 'seed (overrides the config)',
    parse: integerIn('--seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  },
  workers: {
    flags: '--workers <n>',
    description: 'worker threads (default: every core; at most four per core); results do not depend on it',
    parse: parseWorkers,
  },
  engine: {
    flags: '--engine <name>',
    description: 'gd (matrix gradient descent, default) or decoupled (the same aligned GD mode by mode: exact, fast)',
  },
  alignments: { flags: '--alignments <q...>', description: 'alignments q in [0, 1] (space- or comma-separated)' },
  snrs: {
    flags: '--snrs <m...>',
    description: 'SNRs m of task B: s̄_B is rescaled so its smallest value is m (space- or comma-separated)',
  },
  out: {
    flags: '--out <file>',
    description: 'write to this file (atomically) instead of stdout; checked before the work starts',
  },
  saveArrays: {
    flags: '--save-arrays <dir>',
    description:
      "also write each run's inputs, targets, teacher and initial/final weights as NumPy .npy files to DIR/run-<r>/ (DIR must be new or empty)",
  },
  force: {
    flags: '--force',
    description: 'with --save-arrays: write into a non-empty DIR (its run-* folders are replaced)',
  },
  claim: {
    flags: '--claim <ids...>',
    description: 'claims to check, e.g. C1 C6 C14 or C1,C4 (C14 selects C14a, C14b, …); default: all',
  },
  thorough: { flags: '--thorough', description: 'larger sizes and more instances' },
  path: {
    flags: '--path <path>',
    description: 'replay one failure: the shrink path printed with it, e.g. 41:0:3 (needs exactly one --claim)',
  },
  planted: {
    flags: '--planted <bug>',
    description:
      "check a claim's planted bug instead of the real code, to see the check catch it (needs exactly one --claim)",
  },
  epochs: {
    flags: '--epochs <t...>',
    description:
      'evaluate the curves at these epochs (space- or comma-separated numbers ≥ 0) instead of the simulate grid',
  },
  list: {
    flags: '--list',
    description: 'list the claims (id, name, statement, reference, kind) instead of checking them',
  },
  shard: {
    flags: '--shard <i/n>',
    description:
      'run only shard i of n (1-based; units balanced by estimated cost) and print its part file for `dlgen merge` (docs/distributed.md); ' +
      'without it, SLURM_ARRAY_TASK_ID/_COUNT or JOB_COMPLETION_INDEX (with --shard-count) choose the shard',
  },
  shardCount: {
    flags: '--shard-count <n>',
    description:
      'number of shards when the shard comes from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job does not export it)',
    parse: integerIn('--shard-count', 1, 100_000),
  },
  timings: {
    flags: '--no-timings',
    description: 'leave out wall-clock figures (and the progress bar), so two runs print the same bytes',
  },
  blockSize: {
    flags: '--block-size <n>',
    description:
      'split each claim into units of n instances, each on a seed derived from (seed, claim, block): finer shards, other instances than without it',
    parse: integerIn('--block-size', 1, 1_000_000),
  },
  figureAll: { flags: '--all', description: 'draw every figure' },
  quick: {
    flags: '--quick',
    description: 'small sizes (N ≤ 50, ≤ 3 runs, short horizons): seconds instead of minutes',
  },
  outDir: {
    flags: '--out <dir>',
    description: 'output directory (created if missing); results per panel are cached in <dir>/.cache/',
  },
  format: {
    flags: '--format <list...>',
    description:
      'image formats: svg, png or both (comma-separated; default both; CSV and Vega-Lite spec are always written)',
  },
  seeds: {
    flags: '--seeds <n>',
    description: 'number of paired seeds (overrides the config; at least 2, for the standard error)',
    parse: integerIn('--seeds', 2, 10_000),
  },
  relatedness: {
    flags: '--relatedness <q...>',
    description: 'relatedness values q in [0, 1] (space- or comma-separated)',
  },
  scalesA: {
    flags: '--scales-a <s...>',
    description: "task A's scales s_A (space- or comma-separated; default the config's)",
  },
  scalesB: {
    flags: '--scales-b <s...>',
    description: "task B's scales s_B (space- or comma-separated; default the config's)",
  },
  train: {
    flags: '--train <n...>',
    description: "task A's training examples (space- or comma-separated; default the config's)",
  },
  aux: {
    flags: '--aux <n...>',
    description: "task B's training examples (space- or comma-separated; default: equal to --train in every cell)",
  },
  authors: {
    flags: '--authors <name|file>',
    description:
      "the authors' result file to compare with: rank-10 (default), rank-3, aux-train-pts, or the path of a CSV in their layout (e.g. their deep-nonlinear.csv)",
  },
  layers: {
    flags: '--layers <n>',
    description: "keep only the authors' runs with this many trunk layers (their CSV's nlayers column)",
  },
  report: {
    flags: '--report <file.html>',
    description:
      'also write a self-contained HTML report (claim table, failures, illustrating figures); checked before the work starts',
  },
} as const satisfies Record<string, OptionDef>;

/** The name of an option in the table. */
export type OptionName = keyof typeof OPTIONS;

/**
 * Adds the named options of the table to `cmd`, in the order given; `descriptions` replaces the
 * help text of some of them for this command (e.g. what `--config` holds here).
 */
export function addOptions(
  cmd: Command,
  names: readonly OptionName[],
  descriptions: Partial<Record<OptionName, string>> = {},
): Command {
  for (const name of names) {
    const def: OptionDef = OPTIONS[name];
    const text = descriptions[name] ?? def.description;
    if (def.parse) cmd.option(def.flags, text, def.parse);
    else cmd.option(def.flags, text);
  }
  return cmd;
}
