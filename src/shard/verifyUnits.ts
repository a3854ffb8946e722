import { createHash } from 'node:crypto';
import type { Scale } from '../claims/claim.js';
import { CLAIMS } from '../claims/registry.js';
import type { ClaimReport } from '../claims/runClaim.js';
import type { VerifyJob } from '../claims/verifyJob.js';
import { defaultWorkers, mapInWorkers } from '../parallel/pool.js';
import type { WorkUnit } from './assign.js';
import { verifyInstanceCost } from './verifyCosts.js';

/** Every option of a `dlgen verify` run that shapes its output: what the part files' config hash covers. */
export interface VerifyRunConfig {
  readonly command: 'verify';
  /** Resolved claim ids, in run order. */
  readonly claims: readonly string[];
  readonly seed: number;
  readonly scale: Scale;
  /** --runs (instances per claim), or null for each claim's own count. */
  readonly runs: number | null;
  /** --block-size (instances per unit), or null: one unit per claim with the root seed, as without sharding. */
  readonly blockSize: number | null;
  readonly path: string | null;
  readonly planted: string | null;
  readonly json: boolean;
  readonly timings: boolean;
}

/** A claim's report as printed: `seconds` is left out under --no-timings. */
export type PrintedReport = Omit<ClaimReport, 'seconds'> & { readonly seconds?: number };

/** A verify unit's job: one claim's property run, on the claim's block `block` (null: the whole claim). */
export type VerifyUnitJob = VerifyJob & { readonly block: number | null };

/** A seed in [0, 2^31) derived only from the root seed and a unit id (sha256; the same on every machine). */
export function unitSeed(rootSeed: number, unitId: string): number {
  return createHash('sha256').update(`${rootSeed}/${unitId}`).digest().readUInt32BE(0) >>> 1;
}

function claimOf(id: string) {
  const c = CLAIMS.find((x) => x.id === id);
  if (!c) throw new RangeError(`unknown claim ${id}`);
  return c;
}

/**
 * The units of a verify run, in run order. Without a block size a claim is one unit, run on the
 * root seed exactly as an unsharded `dlgen verify` runs it. With block size B, claim C's n
 * instances are split into ⌈n/B⌉ units `C#b<k>` of B instances (the last one shorter), each a
 * property run of its own on the seed unitSeed(root, "C#b<k>"). Cost: instances × the claim's
 * measured seconds per instance.
 */
export function planVerify(config: VerifyRunConfig): WorkUnit<VerifyUnitJob>[] {
  const units: WorkUnit<VerifyUnitJob>[] = [];
  for (const id of config.claims) {
    const claim = claimOf(id);
    const n = config.runs ?? claim.instances[config.scale];
    const perInstance = verifyInstanceCost(claim);
    const common = {
      claimId: id,
      scale: config.scale,
      path: config.path ?? undefined,
      plantedBug: config.planted ?? undefined,
    };
    if (config.blockSize === null) {
      units.push({
        id,
        cost: n * perInstance,
        job: { ...common, seed: config.seed, numRuns: config.runs ?? undefined, block: null },
      });
      continue;
    }
    const b = config.blockSize;
    for (let k = 0; k * b < n; k++) {
      const unitId = `${id}#b${k}`;
      const size = Math.min(b, n - k * b);
      units.push({
        id: unitId,
        cost: size * perInstance,
        job: { ...common, seed: unitSeed(config.seed, unitId), numRuns: size, block: k },
      });
    }
  }
  return units;
}

/** A report without its wall-clock time (for --no-timings: same bytes on every run). */
export function withoutTimings(r: ClaimReport | PrintedReport): PrintedReport {
  const { seconds: _dropped, ...rest } = r;
  return rest;
}

/**
 * One claim's report from the reports of its blocks (in block order): instances add up, it holds
 * iff every block holds, the worst instance is folded with runClaim's own rule, the failure is the
 * first failing block's (its replay names that block's seed), and seconds add up.
 */
export function mergeBlockReports(blocks: readonly PrintedReport[], config: VerifyRunConfig): PrintedReport {
  if (blocks.length === 0) throw new RangeError('mergeBlockReports: no blocks');
  const first = blocks[0];
  let worst: PrintedReport['worst'];
  let instances = 0;
  for (const b of blocks) {
    instances += b.instances;
    const w = b.worst;
    if (w && (!worst || w.outcome.ratio > worst.outcome.ratio || (!w.outcome.holds && worst.outcome.holds))) worst = w;
  }
  const failed = blocks.find((b) => !b.holds);
  const base = `dlgen verify --claim ${first.id} --seed ${config.seed}${config.scale === 'thorough' ? ' --thorough' : ''} --block-size ${config.blockSize}`;
  const head = {
    id: first.id,
    name: first.name,
    kind: first.kind,
    reference: first.reference,
    holds: failed === undefined,
    instances,
    worst,
    seed: config.seed,
    scale: config.scale,
  };
  const tail = failed ? { failure: failed.failure, replay: failed.replay } : { replay: base };
  const out: PrintedReport = { ...head, ...tail };
  if (!config.timings) return out;
  let seconds = 0;
  for (const b of blocks) seconds += b.seconds ?? 0;
  return { ...out, seconds };
}

/** The claims' reports of a run from its units' reports (in run order). */
export function claimReports(config: VerifyRunConfig, unitReports: readonly PrintedReport[]): PrintedReport[] {
  const units = planVerify(config);
  if (unitReports.length !== units.length)
    throw new RangeError(`claimReports: ${unitReports.length} reports for ${units.length} units`);
  const clean = unitReports.map((r) => (config.timings ? r : withoutTimings(r)));
  if (config.blockSize === null) return clean;
  return config.claims.map((id) =>
    mergeBlockReports(
      clean.filter((_, k) => units[k].job.claimId === id),
      config,
    ),
  );
}

/** Runs the given verify units (over worker threads; reports do not depend on it), reports in the order given. */
export async function runVerifyUnits(
  units: readonly WorkUnit<VerifyUnitJob>[],
  options: { readonly workers?: number; readonly onProgress?: (done: number) => void } = {},
): Promise<ClaimReport[]> {
  const module = new URL(`../claims/verifyJob${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  return mapInWorkers<VerifyJob, ClaimReport>(
    { module, name: 'runClaimJob' },
    units.map((u) => u.job),
    {
      workers: options.workers ?? defaultWorkers(),
      onProgress: options.onProgress,
    },
  );
}
