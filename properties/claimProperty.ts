import { describe, expect, it } from 'vitest';
import type { AnyClaim } from '../src/claims/claim.js';
import { describeFailure, runClaim } from '../src/claims/runClaim.js';
import { recordedSpecs, saveCounterexample } from './counterexamples.js';
import { propertyPath, propertyScale, propertySeed } from './seed.js';

/**
 * Fewest instances a planted bug gets to be caught in (run without shrinking, stopping at the first
 * failure). A bug gets the claim's own instance count when that is larger: the power that matters is
 * the claim's at the size it runs, and some bugs touch only part of a domain (C3's D_w = 2 factor-2 bug
 * fails ~5 % of C3's points: caught within 100 on ~99.4 % of seeds, within C3's 2000 on all but e^-100).
 */
const PLANTED_BUG_INSTANCES = 100;
/** Per-test time limit: CI sizes are meant to take seconds; thorough runs may take long. */
const TIMEOUT_MS = { ci: 240_000, thorough: 4 * 3_600_000 };

/**
 * The property test of a claim: it holds on `instances` random instances (plus the recorded
 * counterexamples), and each planted bug is caught. A failure prints the seed, the shrink path,
 * the spec, measured vs predicted, and the command that replays it.
 */
export function claimProperty(claim: AnyClaim): void {
  const seed = propertySeed();
  const path = propertyPath();
  const scale = propertyScale();
  const examples = [...(claim.examples ?? []), ...recordedSpecs(claim.id)];
  describe(`${claim.id} ${claim.name} [seed ${seed}${scale === 'thorough' ? ', thorough' : ''}]`, () => {
    it(
      `holds on ${claim.instances[scale]} instances, ${claim.examples?.length ?? 0} fixed example(s) and ${examples.length - (claim.examples?.length ?? 0)} recorded counterexample(s)`,
      () => {
        const report = runClaim(claim, { seed, path, scale, examples });
        if (!report.holds) {
          const saved = report.failure
            ? saveCounterexample(
                claim.id,
                seed,
                report.failure.path,
                report.failure.spec,
                `found by the property test: ${report.failure.outcome?.detail ?? report.failure.error ?? ''}`,
              )
            : undefined;
          const file = (expect.getState().testPath ?? '').replace(process.cwd() + '/', '');
          throw new Error(
            `${describeFailure(report)}\n  replay this test: DLGEN_SEED=${seed} DLGEN_PATH=${report.failure?.path} npx vitest run ${file}` +
              (saved ? `\n  counterexample saved to ${saved} (commit it to replay it on every run)` : ''),
          );
        }
        expect(report.instances).toBeGreaterThanOrEqual(path ? 0 : claim.instances[scale]);
      },
      TIMEOUT_MS[scale],
    );
    for (const bug of claim.plantedBugs) {
      it(
        `catches the planted bug "${bug.name}" (${bug.description})`,
        () => {
          const report = runClaim(claim, {
            seed,
            scale,
            numRuns: Math.max(PLANTED_BUG_INSTANCES, claim.instances[scale]),
            implementation: bug.implementation,
            noShrink: true,
          });
          expect(
            report.holds,
            `planted bug "${bug.name}" passed ${report.instances} instances undetected (seed ${seed})`,
          ).toBe(false);
        },
        TIMEOUT_MS[scale],
      );
    }
  });
}
