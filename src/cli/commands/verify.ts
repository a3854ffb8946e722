import type { Command } from 'commander';
import type { Scale } from '../../claims/claim.js';
import { suiteFalseFailureBound } from '../../claims/falseFailureBudget.js';
import { selectClaims } from '../../claims/registry.js';
import { describeFailure, type ClaimReport } from '../../claims/runClaim.js';
import type { VerifyJob } from '../../claims/verifyJob.js';
import { defaultWorkers, mapInWorkers } from '../../parallel/pool.js';
import { parseNumber } from '../configArgs.js';
import { fmt, table } from '../format.js';
import { EXIT, type CliIo } from '../io.js';
import { createProgress } from '../progress.js';

/** The seed `dlgen verify` uses unless told otherwise (the same one CI's property tests use). */
export const DEFAULT_VERIFY_SEED = 20190104;

interface VerifyOptions {
  claim?: string[];
  runs?: number;
  seed?: number;
  thorough?: boolean;
  json?: boolean;
  path?: string;
  workers?: number;
  planted?: string;
}

/** Thrown for bad verify arguments; reported with exit code 2. */
class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `dlgen verify`: checks the theory's claims (THEORY.md §11) on random instances; exits 1 if any fails. */
export function registerVerify(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('verify')
    .description("check the theory's claims (THEORY.md §11) on randomly generated tasks and students")
    .option('--claim <ids...>', 'claims to check, e.g. C1 C6 C14 (C14 selects C14a, C14b, …); default: all')
    .option('--runs <n>', 'instances per claim (default: each claim’s CI count, or its thorough count)', parseNumber)
    .option('--seed <s>', `seed (default ${DEFAULT_VERIFY_SEED})`, parseNumber)
    .option('--thorough', 'larger sizes and more instances')
    .option('--path <path>', 'replay one failure: the shrink path printed with it (needs exactly one --claim)')
    .option('--planted <bug>', "check a claim's planted bug instead of the real code, to see the check catch it (needs exactly one --claim)")
    .option('--json', 'print machine-readable JSON on stdout')
    .option('--workers <n>', 'worker threads (default: every core); claims run in parallel, results do not depend on it', parseNumber)
    .action(async (opts: VerifyOptions) => {
      const seed = opts.seed ?? DEFAULT_VERIFY_SEED;
      if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed: got ${opts.seed}; allowed: an integer`);
      if (opts.runs !== undefined && !(Number.isInteger(opts.runs) && opts.runs >= 1 && opts.runs <= 1e6)) {
        throw new UsageError(`--runs: got ${opts.runs}; allowed: integer in [1, 1000000]`);
      }
      const claims = selectClaims(opts.claim ?? []);
      if (opts.path !== undefined && claims.length !== 1) throw new UsageError('--path: replaying a path needs exactly one --claim');
      if (opts.planted !== undefined) {
        if (claims.length !== 1) throw new UsageError('--planted: needs exactly one --claim');
        const names = claims[0].plantedBugs.map((b) => b.name);
        if (!names.includes(opts.planted)) {
          throw new UsageError(`--planted: ${claims[0].id} has no planted bug "${opts.planted}"; it has ${names.map((n) => `"${n}"`).join(', ')}`);
        }
      }
      if (opts.workers !== undefined && !(Number.isInteger(opts.workers) && opts.workers >= 1 && opts.workers <= 256)) {
        throw new UsageError(`--workers: got ${opts.workers}; allowed: integer in [1, 256]`);
      }
      const scale: Scale = opts.thorough ? 'thorough' : 'ci';
      const progress = createProgress(io);
      const jobs: VerifyJob[] = claims.map((c) => ({ claimId: c.id, seed, scale, numRuns: opts.runs, path: opts.path, plantedBug: opts.planted }));
      const reports = await mapInWorkers<VerifyJob, ClaimReport>({ module: jobModule(), name: 'runClaimJob' }, jobs, {
        workers: opts.workers ?? defaultWorkers(),
        onProgress: (done) => progress.update(done, jobs.length, 'claims'),
      });
      progress.finish();
      const failed = reports.filter((r) => !r.holds).length;
      const passed = reports.length - failed;
      if (opts.json) {
        const doc = { seed, scale, passed, failed, falseFailureBound: suiteFalseFailureBound(claims, scale), claims: reports };
        io.stdout(`${JSON.stringify(doc, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}\n`);
      } else {
        if (opts.planted !== undefined) io.stdout(`checking the planted bug "${opts.planted}" instead of the real implementation: a FAIL below is the check doing its job\n\n`);
        io.stdout(verifyTable(reports));
        for (const r of reports) if (!r.holds) io.stdout(`\n${describeFailure(r)}\n`);
        io.stdout(`\n${passed} passed, ${failed} failed\n`);
      }
      setExit(failed > 0 ? EXIT.failed : EXIT.ok);
    });
}

/** One row per claim: instances, the worst instance's measured vs predicted and tolerance, pass/fail, seed. */
export function verifyTable(reports: readonly ClaimReport[]): string {
  const rows = reports.map((r) => {
    const o = r.failure?.outcome ?? r.worst?.outcome;
    return [
      r.id,
      r.name.length > 48 ? `${r.name.slice(0, 45)}...` : r.name,
      String(r.instances),
      o ? fmt(o.measured) : '-',
      o ? fmt(o.predicted) : '-',
      o ? fmt(o.tolerance) : '-',
      o ? fmt(o.ratio, 2) : '-',
      r.holds ? 'pass' : 'FAIL',
      String(r.seed),
      `${r.seconds.toFixed(1)}s`,
    ];
  });
  return table(['claim', 'name', 'instances', 'worst measured', 'predicted', 'tolerance', 'ratio', 'result', 'seed', 'time'], rows);
}

/** The module of the verify job function, next to the registry (.js from dist, .ts under vitest). */
function jobModule(): URL {
  return new URL(`../../claims/verifyJob${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
}
