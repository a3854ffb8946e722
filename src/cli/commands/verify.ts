import type { Command } from 'commander';
import type { AnyClaim, Scale } from '../../claims/claim.js';
import { suiteFalseFailureBound } from '../../claims/falseFailureBudget.js';
import { CLAIMS, selectClaims } from '../../claims/registry.js';
import { describeFailure, type ClaimReport } from '../../claims/runClaim.js';
import { unitsOfShard } from '../../shard/assign.js';
import { partText } from '../../shard/part.js';
import { shardNotice } from '../../shard/shardSpec.js';
import {
  claimReports,
  planVerify,
  runVerifyUnits,
  withoutTimings,
  type PrintedReport,
  type VerifyRunConfig,
} from '../../shard/verifyUnits.js';
import { UsageError } from '../errors.js';
import { fmt, table } from '../format.js';
import { EXIT, type CliIo } from '../io.js';
import { jsonLine } from '../json.js';
import { addOptions, splitList } from '../options.js';
import { createProgress } from '../progress.js';
import { checkWritable, writeFileAtomic } from '../outFile.js';
import { dlgenVersion } from '../runCli.js';
import type { VerifyDocument } from '../../report/verifyReport.js';
import { shardOf, type ShardOptions } from '../shardArgs.js';

/** The seed `dlgen verify` uses unless told otherwise (the same one CI's property tests use). */
export const DEFAULT_VERIFY_SEED = 20190104;

interface VerifyOptions extends ShardOptions {
  claim?: string[];
  runs?: number;
  seed?: number;
  thorough?: boolean;
  json?: boolean;
  path?: string;
  workers?: number;
  planted?: string;
  list?: boolean;
  blockSize?: number;
  timings?: boolean;
  report?: string;
}

/** `dlgen verify`: checks the theory's claims (THEORY.md §11) on random instances; exits 1 if any fails. */
export function registerVerify(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('verify')
    .description("check the theory's claims (THEORY.md §11) on randomly generated tasks and students");
  addOptions(
    cmd,
    [
      'claim',
      'runs',
      'seed',
      'thorough',
      'path',
      'planted',
      'json',
      'workers',
      'list',
      'blockSize',
      'shard',
      'shardCount',
      'timings',
      'report',
    ],
    {
      runs: 'instances per claim (default: each claim’s CI count, or its thorough count)',
      seed: `seed (default ${DEFAULT_VERIFY_SEED})`,
      workers:
        'worker threads (default: every core; at most four per core); claims run in parallel, results do not depend on it',
    },
  );
  cmd.action(async (opts: VerifyOptions) => {
    const seed = opts.seed ?? DEFAULT_VERIFY_SEED;
    const claims = claimsOf(opts.claim);
    if (opts.list) {
      io.stdout(opts.json ? jsonLine({ claims: claims.map(claimListing) }, 'verify --list') : claimList(claims));
      return;
    }
    const scale: Scale = opts.thorough ? 'thorough' : 'ci';
    if (opts.report !== undefined) {
      if (opts.shard !== undefined)
        throw new UsageError('--report: a shard has no verdict of its own; write the report with dlgen merge --report');
      checkWritable('--report', opts.report);
    }
    if (opts.path !== undefined) checkPath(opts.path, claims, opts.runs ?? claims[0]?.instances[scale]);
    if (opts.planted !== undefined) {
      if (claims.length !== 1) throw new UsageError('--planted: needs exactly one --claim');
      const names = claims[0].plantedBugs.map((b) => b.name);
      if (!names.includes(opts.planted)) {
        throw new UsageError(
          `--planted: ${claims[0].id} has no planted bug "${opts.planted}"; it has ${names.map((n) => `"${n}"`).join(', ')}`,
        );
      }
    }
    if (opts.blockSize !== undefined && opts.path !== undefined)
      throw new UsageError(
        '--block-size: cannot be combined with --path (a failing block prints its own replay line, without --block-size)',
      );
    const timings = opts.timings !== false;
    const config: VerifyRunConfig = {
      command: 'verify',
      claims: claims.map((c) => c.id),
      seed,
      scale,
      runs: opts.runs ?? null,
      blockSize: opts.blockSize ?? null,
      path: opts.path ?? null,
      planted: opts.planted ?? null,
      json: Boolean(opts.json),
      timings,
    };
    const units = planVerify(config);
    const shard = shardOf(opts);
    const mine = shard ? unitsOfShard(units, shard.index, shard.count) : units;
    if (shard) io.stderr(shardNotice('verify', shard, mine.length, units.length));
    // The progress bar's eta is a wall-clock figure too.
    const progress = timings ? createProgress(io) : undefined;
    const raw = await runVerifyUnits(mine, {
      workers: opts.workers,
      onProgress: (done) => progress?.update(done, mine.length, 'units'),
    });
    progress?.finish();
    const reports = raw.map((r) => withReplayFlags(r, opts));
    if (shard) {
      // A shard prints its part file (exit 0 once written); `dlgen merge` gives the verdict of the whole run.
      const printed = reports.map((r) => (timings ? r : withoutTimings(r)));
      const own: VerifyRunConfig = { ...config, claims: [...new Set(mine.map((u) => u.job.claimId))] };
      const failedUnits = printed.filter((r) => !r.holds).length;
      const counts = { totalUnits: units.length, instances: printed.reduce((s, r) => s + r.instances, 0), failedUnits };
      const results = mine.map((u, k) => ({ id: u.id, result: printed[k] }));
      io.stdout(partText('verify', config, seed, shard, results, counts, verifyOutput(own, printed)));
      if (failedUnits > 0)
        io.stderr(`dlgen verify: ${failedUnits} unit(s) of this shard failed; dlgen merge reports them\n`);
      return;
    }
    const printed = claimReports(config, reports);
    io.stdout(verifyOutput(config, printed));
    if (opts.report !== undefined) await writeVerifyReport(opts.report, config, printed, opts.workers);
    setExit(printed.some((r) => !r.holds) ? EXIT.failed : EXIT.ok);
  });
}

/** Writes the HTML report of a verify run (after `verify`, or after `dlgen merge` of its parts). */
export async function writeVerifyReport(
  path: string,
  config: VerifyRunConfig,
  reports: readonly PrintedReport[],
  workers?: number,
): Promise<void> {
  const { buildVerifyReport } = await import('../../report/buildReport.js');
  const doc = JSON.parse(verifyOutput({ ...config, json: true }, reports)) as VerifyDocument;
  writeFileAtomic(path, await buildVerifyReport(doc, { version: dlgenVersion(), workers }));
}

/** What `dlgen verify` prints for these claim reports: the --json document, or the table, failures and `N passed, N failed`. */
export function verifyOutput(config: VerifyRunConfig, reports: readonly PrintedReport[]): string {
  const claims = config.claims.map((id) => CLAIMS.find((c) => c.id === id)!);
  const failed = reports.filter((r) => !r.holds).length;
  const passed = reports.length - failed;
  if (config.json) {
    const statements = new Map(CLAIMS.map((c) => [c.id, c.statement]));
    const withStatements = reports.map(({ id, name, ...rest }) => ({
      id,
      name,
      statement: statements.get(id),
      ...rest,
    }));
    const doc = {
      seed: config.seed,
      scale: config.scale,
      passed,
      failed,
      falseFailureBound: suiteFalseFailureBound(claims, config.scale),
      claims: withStatements,
    };
    return jsonLine(doc, 'verify', 'string');
  }
  let out = '';
  if (config.planted !== null)
    out += `checking the planted bug "${config.planted}" instead of the real implementation: a FAIL below is the check doing its job\n\n`;
  out += verifyTable(reports, config.timings);
  out += TABLE_LEGEND;
  for (const r of reports) if (!r.holds) out += `\n${describeFailure(r)}\n`;
  return `${out}\n${passed} passed, ${failed} failed\n`;
}

/** The claims selected by `--claim` (space- or comma-separated ids; `C14` selects C14a, C14b, …). */
function claimsOf(selectors: readonly string[] | undefined): AnyClaim[] {
  const ids = splitList(selectors);
  const known = CLAIMS.map((c) => c.id.toUpperCase());
  for (const id of ids) {
    const sel = id.toUpperCase();
    // Same rule as selectClaims: `C14` selects C14a…; a letters-only prefix such as `FT` selects FT1, FT2, ….
    if (
      !known.some(
        (k) =>
          k === sel ||
          (k.startsWith(sel) &&
            (/^[A-Z]$/.test(k.slice(sel.length)) || (/^[A-Z]+$/.test(sel) && /^\d/.test(k.slice(sel.length))))),
      )
    ) {
      throw new UsageError(`--claim: unknown claim "${id}"; known: ${CLAIMS.map((c) => c.id).join(', ')}`);
    }
  }
  return selectClaims(ids);
}

/** A replay path is `a:b:…` of non-negative integers whose first entry indexes one of the `instances` runs. */
function checkPath(path: string, claims: readonly AnyClaim[], instances: number | undefined): void {
  if (claims.length !== 1) throw new UsageError('--path: replaying a path needs exactly one --claim');
  if (!/^\d+(:\d+)*$/.test(path))
    throw new UsageError(`--path: got "${path}"; allowed: a shrink path such as 41:0:3, as printed with a failure`);
  const first = Number(path.split(':')[0]);
  if (instances !== undefined && first >= instances) {
    throw new UsageError(
      `--path: got "${path}"; allowed: a path whose first number is below the ${instances} instances run (the path printed with a failure, with the same --runs and --thorough)`,
    );
  }
}

/** The replay line of a report, completed with the flags that change what runs (--planted, --runs). */
function withReplayFlags(r: ClaimReport, opts: VerifyOptions): ClaimReport {
  if (r.holds || !r.replay.startsWith('dlgen verify')) return r;
  let extra = '';
  if (opts.runs !== undefined) extra += ` --runs ${opts.runs}`;
  if (opts.planted !== undefined) extra += ` --planted ${shellQuote(opts.planted)}`;
  return extra === '' ? r : { ...r, replay: `${r.replay}${extra}` };
}

/** A shell word: plain when safe, else single-quoted. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** One claim as `dlgen verify --list --json` shows it. */
function claimListing(c: AnyClaim): object {
  return { id: c.id, name: c.name, statement: c.statement, reference: c.reference, kind: c.kind };
}

/** `dlgen verify --list`: each claim's id, kind, reference, name and statement. */
export function claimList(claims: readonly AnyClaim[]): string {
  return claims
    .map((c) => `${c.id}  ${c.name}  [${c.kind}; ${c.reference}]\n${wrap(c.statement, 96, '    ')}\n`)
    .join('\n');
}

/** Greedy word wrap at `width` columns, each line prefixed with `indent`. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}

/** What the columns of the verify table mean (printed under it). */
export const TABLE_LEGEND =
  'worst = the instance closest to failing. ratio = |measured − predicted| / tolerance for a two-sided check, or the excess over the bound in\n' +
  'tolerances for a one-sided one (predicted is then the bound); ≤ 1 holds. A check of an already normalised gap shows predicted 0, tolerance 1.\n' +
  'Values show 4 significant digits (ratio 3); a failure below prints them in full.\n';

/** One row per claim: instances, the worst instance's measured vs predicted and tolerance, pass/fail, seed. */
export function verifyTable(reports: readonly PrintedReport[], timings = true): string {
  const rows = reports.map((r) => {
    const o = r.failure?.outcome ?? r.worst?.outcome;
    return [
      r.id,
      r.name.length > 48 ? `${r.name.slice(0, 45)}...` : r.name,
      String(r.instances),
      o ? fmt(o.measured) : '-',
      o ? fmt(o.predicted) : '-',
      o ? fmt(o.tolerance) : '-',
      o ? fmt(o.ratio, 3) : '-',
      r.holds ? 'pass' : 'FAIL',
      String(r.seed),
      ...(timings ? [`${(r.seconds ?? 0).toFixed(1)}s`] : []),
    ];
  });
  const header = ['claim', 'name', 'instances', 'worst measured', 'predicted', 'tolerance', 'ratio', 'result', 'seed'];
  return table(timings ? [...header, 'time'] : header, rows);
}
