import { mkdirSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { FIGURES, NAMED_FIGURES, figureList } from '../../figures/catalog.js';
import { drawFigures, type ImageFormat } from '../../figures/runFigures.js';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { jsonLine } from '../json.js';
import { addOptions, splitList } from '../options.js';
import { unitsOfShard } from '../../shard/assign.js';
import { partText } from '../../shard/part.js';
import { shardNotice } from '../../shard/shardSpec.js';
import { figureSummaryLine, planFigures, runFigureUnits, type FigureRunConfig } from '../figureShard.js';
import { shardOf, type ShardOptions } from '../shardArgs.js';

interface FigureOptions extends ShardOptions {
  timings?: boolean;
  all?: boolean;
  quick?: boolean;
  out?: string;
  seed?: number;
  runs?: number;
  format?: string[];
  workers?: number;
  list?: boolean;
  json?: boolean;
}

/** The seed `dlgen figure` uses unless told otherwise. */
export const DEFAULT_FIGURE_SEED = 0;

/** Figure names from the arguments or --all, checked against the list (exit 2 naming the argument). */
function namesOf(args: readonly string[], all: boolean | undefined): string[] {
  const known = FIGURES.map((f) => f.name);
  if (all) {
    if (args.length > 0) throw new UsageError(`--all: cannot be combined with figure names (${args.join(' ')})`);
    return known;
  }
  if (args.length === 0)
    throw new UsageError(`figure: name at least one figure or pass --all; allowed: ${known.join(', ')}`);
  const named = [...known, ...NAMED_FIGURES.map((f) => f.name)];
  return splitList(args).map((a) => {
    const hit = named.find((k) => k.toLowerCase() === a.toLowerCase());
    if (!hit)
      throw new UsageError(`figure: got "${a}"; allowed: ${named.join(', ')} (F10, F11 need nonlinear students)`);
    return hit;
  });
}

function formatsOf(items: readonly string[] | undefined): ImageFormat[] {
  const parts = items === undefined ? ['svg', 'png'] : splitList(items);
  for (const p of parts)
    if (p !== 'svg' && p !== 'png') throw new UsageError(`--format: got "${p}"; allowed: svg, png (comma-separated)`);
  return [...new Set(parts)] as ImageFormat[];
}

/** Creates the output directory (or checks it is one) before any work, so a long run never loses its result. */
function prepareOut(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
  } catch (e) {
    throw new UsageError(
      `--out: cannot use ${dir} as the output directory (${(e as Error).message}); allowed: a writable directory`,
    );
  }
}

/** `dlgen figure`: draws THEORY.md §10's figures from theory and simulation (SVG, PNG, tidy CSV, Vega-Lite spec). */
export function registerFigure(program: Command, io: CliIo): void {
  const cmd = program
    .command('figure')
    .description(
      "draw the paper's figures (THEORY.md §10) from theory and simulation: NAME.svg, NAME.png, NAME.csv, NAME.vl.json",
    )
    .argument('[names...]', `figures to draw: ${[...FIGURES, ...NAMED_FIGURES].map((f) => f.name).join(', ')}`);
  addOptions(
    cmd,
    [
      'figureAll',
      'quick',
      'outDir',
      'seed',
      'runs',
      'format',
      'workers',
      'list',
      'json',
      'shard',
      'shardCount',
      'timings',
    ],
    {
      seed: `root seed (default ${DEFAULT_FIGURE_SEED}); each panel derives its own from (seed, panel id)`,
      runs: 'runs per simulated point (default: the paper’s, 10; --quick: at most 3)',
      list: 'list the figures and their panels instead of drawing them',
      json: 'with --list: print the list as JSON',
    },
  );
  cmd.action(async (args: string[], opts: FigureOptions) => {
    if (opts.list) {
      const list = figureList();
      io.stdout(
        opts.json
          ? jsonLine(list, 'figure --list')
          : list
              .map((f) => `${f.name}  ${f.title}\n${f.panels.map((p) => `    ${p.letter}  ${p.title}`).join('\n')}\n`)
              .join(''),
      );
      return;
    }
    const names = namesOf(args, opts.all);
    const formats = formatsOf(opts.format);
    const out = opts.out ?? 'figures';
    prepareOut(out);
    const size = opts.quick ? 'quick' : 'paper';
    const shard = shardOf(opts);
    if (shard) {
      // One shard's units (each cached in --out as usual); the part file goes to stdout, for `dlgen merge`.
      const run: FigureRunConfig = {
        command: 'figure',
        names,
        size,
        seed: opts.seed ?? DEFAULT_FIGURE_SEED,
        runs: opts.runs ?? null,
        formats,
        out,
        timings: opts.timings !== false,
      };
      const units = planFigures(run);
      const mine = unitsOfShard(units, shard.index, shard.count);
      io.stderr(shardNotice('figure', shard, mine.length, units.length));
      const results = await runFigureUnits(mine, run, opts.workers);
      const output = mine.map((u, k) => `${u.id}: ${results[k].rows.length} rows\n`).join('');
      io.stdout(
        partText(
          'figure',
          run,
          run.seed,
          shard,
          mine.map((u, k) => ({ id: u.id, result: results[k] })),
          { totalUnits: units.length },
          output,
        ),
      );
      return;
    }
    const started = io.now();
    let unitStarted = started;
    let lastUnit = '';
    let lastDraw = -Infinity;
    const summary = await drawFigures(names, {
      size,
      seed: opts.seed ?? DEFAULT_FIGURE_SEED,
      runs: opts.runs,
      workers: opts.workers,
      out,
      formats,
      onProgress: (p) => {
        // The progress line's eta is a wall-clock figure: none under --no-timings.
        if (!io.stderrIsTTY || opts.timings === false) return;
        const now = io.now();
        if (p.unit !== lastUnit) {
          lastUnit = p.unit;
          unitStarted = now;
        }
        if (now - lastDraw < 200 && p.done < p.total) return;
        lastDraw = now;
        const frac = p.total > 0 ? p.done / p.total : 1;
        const eta = frac > 0 && !p.cached ? ((now - unitStarted) / 1000) * (1 / frac - 1) : 0;
        io.stderr(
          `\r${p.figure} ${p.unit}: ${p.cached ? 'cached' : `${(frac * 100).toFixed(0)}%`} (${p.done}/${p.total}) eta ${eta.toFixed(0)}s      `,
        );
      },
    });
    if (io.stderrIsTTY) io.stderr('\r\x1b[K');
    for (const s of summary)
      io.stdout(figureSummaryLine(s.name, s.files, out, opts.timings === false ? undefined : s.seconds));
  });
}
