import type { Scale } from './claim.js';
import { CLAIMS } from './registry.js';
import { runClaim, type ClaimReport } from './runClaim.js';

/** One claim's property run, as sent to a worker thread by `dlgen verify`. */
export interface VerifyJob {
  readonly claimId: string;
  readonly seed: number;
  readonly scale: Scale;
  readonly numRuns?: number;
  readonly path?: string;
  /** Check this planted bug's implementation instead of the real one (to see the check catch it). */
  readonly plantedBug?: string;
}

/** Job function: runs the registered claim `claimId` and returns its report (plain data). */
export function runClaimJob(job: VerifyJob, report: (units: number) => void): ClaimReport {
  const claim = CLAIMS.find((c) => c.id === job.claimId);
  if (!claim) throw new RangeError(`unknown claim ${job.claimId}`);
  let implementation: unknown;
  if (job.plantedBug !== undefined) {
    const bug = claim.plantedBugs.find((b) => b.name === job.plantedBug);
    if (!bug)
      throw new RangeError(
        `--planted: ${claim.id} has no planted bug "${job.plantedBug}"; it has ${claim.plantedBugs.map((b) => `"${b.name}"`).join(', ')}`,
      );
    implementation = bug.implementation;
  }
  // Progress moves within a claim: a tenth of a unit per tenth of the instances, the rest at the end.
  let reported = 0;
  const result = runClaim(claim, {
    seed: job.seed,
    scale: job.scale,
    numRuns: job.numRuns,
    path: job.path,
    // The claim's fixed examples come first, on every run (a --path found with them replays with them).
    examples: claim.examples,
    implementation,
    replayWith: 'dlgen',
    onInstance: (done, total) => {
      const tenths = Math.floor((10 * done) / total) / 10;
      if (tenths > reported && tenths < 1) {
        report(tenths - reported);
        reported = tenths;
      }
    },
  });
  report(1 - reported);
  return result;
}
