import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { c04RandomMatrixIdentities } from './c04RandomMatrixIdentities.js';
import { atMost, type Claim } from './claim.js';
import { runClaim } from './runClaim.js';
import { runClaimJob } from './verifyJob.js';

/** A toy claim: x ≤ 1 for x drawn from [0, 0.5]; its ratio is x itself. */
const toy: Claim<number, (x: number) => number> = {
  id: 'U1',
  name: 'toy',
  statement: 'every drawn x in [0, 0.5] and every fixed example is at most 1 (the ratio is x)',
  reference: '§0',
  kind: 'exact',
  falseFailure: { perInstance: 0, source: 'exact by construction' },
  instances: { ci: 20, thorough: 20 },
  examples: [0.9],
  arbitrary: () => fc.double({ min: 0, max: 0.5, noNaN: true }),
  implementation: (x) => x,
  check: (x, f) => atMost(f(x), 0, 1),
  plantedBugs: [{ name: 'doubled', description: 'returns 2x', implementation: (x) => 2 * x }],
};

describe('runClaim with fixed examples', () => {
  it('checks the examples first but ranks only the generated instances as the worst', () => {
    const r = runClaim(toy, { seed: 1, examples: toy.examples });
    expect(r.holds).toBe(true);
    expect(r.instances).toBe(20);
    expect(r.worst!.outcome.ratio).toBeLessThanOrEqual(0.5);
  });

  it('a failing example fails the run and is the counterexample, unshrunk', () => {
    const r = runClaim(toy, { seed: 1, examples: [0.3, 1.5], implementation: toy.implementation });
    expect(r.holds).toBe(false);
    expect(r.failure!.spec).toBe(1.5);
    expect(r.instances).toBe(0);
  });

  it("dlgen verify's job checks the claim's examples (C4's grid catches a planted bug with no random instance)", () => {
    const r = runClaimJob(
      { claimId: 'C4', seed: 1, scale: 'ci', numRuns: 0, plantedBug: 'missing 1/x in the density' },
      () => {},
    );
    expect(r.holds).toBe(false);
    expect(r.failure!.spec).toEqual(c04RandomMatrixIdentities.examples![0]);
  });
});
