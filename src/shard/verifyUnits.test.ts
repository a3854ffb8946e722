import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../claims/registry.js';
import { runClaim, type ClaimReport } from '../claims/runClaim.js';
import { verifyInstanceCost } from './verifyCosts.js';
import {
  claimReports,
  mergeBlockReports,
  planVerify,
  runVerifyUnits,
  unitSeed,
  withoutTimings,
  type PrintedReport,
  type VerifyRunConfig,
} from './verifyUnits.js';

const base: VerifyRunConfig = {
  command: 'verify',
  claims: ['C18a', 'C4'],
  seed: 11,
  scale: 'ci',
  runs: 3,
  blockSize: null,
  path: null,
  planted: null,
  json: true,
  timings: false,
};
const claim = (id: string) => CLAIMS.find((c) => c.id === id)!;

describe('verify units', () => {
  it('without a block size are whole claims on the root seed: exactly what dlgen verify runs unsharded', async () => {
    const units = planVerify(base);
    expect(units.map((u) => u.id)).toEqual(['C18a', 'C4']);
    expect(units.map((u) => u.job.seed)).toEqual([11, 11]);
    expect(units[0].cost).toBeCloseTo(3 * verifyInstanceCost(claim('C18a')), 15);
    const reports = claimReports(base, await runVerifyUnits(units, { workers: 1 }));
    const direct = base.claims.map((id) =>
      withoutTimings(runClaim(claim(id), { seed: 11, numRuns: 3, scale: 'ci', replayWith: 'dlgen' })),
    );
    expect(JSON.stringify(reports)).toBe(JSON.stringify(direct));
    expect(reports[0]).not.toHaveProperty('seconds');
    // Each claim's own instance count when --runs is not given.
    expect(planVerify({ ...base, runs: null })[1].job.numRuns).toBeUndefined();
  });

  it('with a block size split each claim into blocks with seeds derived from (root seed, unit id)', () => {
    const units = planVerify({ ...base, claims: ['C18a'], runs: 5, blockSize: 2 });
    expect(units.map((u) => u.id)).toEqual(['C18a#b0', 'C18a#b1', 'C18a#b2']);
    expect(units.map((u) => u.job.numRuns)).toEqual([2, 2, 1]);
    expect(units.map((u) => u.job.block)).toEqual([0, 1, 2]);
    expect(units.map((u) => u.job.seed)).toEqual(['C18a#b0', 'C18a#b1', 'C18a#b2'].map((id) => unitSeed(11, id)));
    expect(new Set(units.map((u) => u.job.seed)).size).toBe(3);
    expect(unitSeed(11, 'C18a#b0')).toBe(unitSeed(11, 'C18a#b0'));
    expect(unitSeed(12, 'C18a#b0')).not.toBe(unitSeed(11, 'C18a#b0'));
    for (const u of units) expect(Number.isInteger(u.job.seed) && u.job.seed >= 0 && u.job.seed < 2 ** 31).toBe(true);
    expect(() => planVerify({ ...base, claims: ['C99'] })).toThrow(/unknown claim C99/);
  });

  it('merge blocks exactly: instances add, the worst is folded as runClaim folds, seconds add', async () => {
    const config: VerifyRunConfig = { ...base, claims: ['C18b'], runs: 7, blockSize: 3, timings: true };
    const blocks = await runVerifyUnits(planVerify(config), { workers: 1 });
    const [merged] = claimReports(config, blocks);
    expect(merged.instances).toBe(7);
    expect(merged.holds).toBe(true);
    expect(merged.seed).toBe(11);
    expect(merged.replay).toBe('dlgen verify --claim C18b --seed 11 --block-size 3');
    expect(merged.worst!.outcome.ratio).toBe(Math.max(...blocks.map((b) => b.worst!.outcome.ratio)));
    expect(merged.seconds).toBe(blocks[0].seconds + blocks[1].seconds + blocks[2].seconds);
  });

  it('report the first failing block, with the replay of that block', () => {
    const outcome = (ratio: number) => ({ measured: ratio, predicted: 0, tolerance: 1, holds: ratio <= 1, ratio });
    const report = (ratio: number, holds: boolean, replay: string): PrintedReport => ({
      id: 'C6',
      name: 'n',
      kind: 'statistical',
      reference: 'r',
      holds,
      instances: 4,
      worst: { outcome: outcome(ratio), spec: { r: ratio } },
      seed: 1,
      scale: 'thorough',
      replay,
      ...(holds ? {} : { failure: { spec: { r: ratio }, path: '3:1', shrinks: 2 } }),
    });
    const config: VerifyRunConfig = { ...base, scale: 'thorough', blockSize: 4, claims: ['C6'], timings: false };
    const merged = mergeBlockReports(
      [report(0.5, true, 'a'), report(3, false, 'b'), report(2, false, 'c'), report(0.9, true, 'd')],
      config,
    );
    expect(merged).toMatchObject({
      holds: false,
      instances: 16,
      seed: 11,
      scale: 'thorough',
      replay: 'b',
      failure: { path: '3:1' },
    });
    expect(merged.worst!.outcome.ratio).toBe(3);
    expect(merged).not.toHaveProperty('seconds');
    expect(mergeBlockReports([report(0.5, true, 'a')], config).replay).toBe(
      'dlgen verify --claim C6 --seed 11 --thorough --block-size 4',
    );
    // A failing instance outranks a larger ratio that holds (runClaim's rule; a NaN ratio is reported as Infinity).
    const nanFail: PrintedReport = {
      ...report(0.1, false, 'e'),
      worst: { outcome: { ...outcome(0.1), holds: false }, spec: {} },
    };
    expect(mergeBlockReports([report(0.8, true, 'a'), nanFail], config).worst!.outcome.holds).toBe(false);
    expect(() => mergeBlockReports([], config)).toThrow(/no blocks/);
    expect(() => claimReports(config, [])).toThrow(/0 reports for 1 units/);
  });

  it('keep seconds only with timings', () => {
    const r = { id: 'C1', seconds: 1.5 } as unknown as ClaimReport;
    expect(withoutTimings(r)).toEqual({ id: 'C1' });
  });
});
