import { describe, expect, it } from 'vitest';
import type { AnyClaim } from '../claims/claim.js';
import { resolveTransferConfig } from '../transfer/transferConfig.js';
import { planRun, runLayout } from './layout.js';
import { planSweep, type SweepRunConfig } from './sweepUnits.js';
import { verifyInstanceCost } from './verifyCosts.js';

const config = resolveTransferConfig({
  inputDim: 8,
  examples: 8,
  outputDimA: 4,
  outputDimB: 4,
  hiddenDims: [4],
  epochs: 50,
  runs: 3,
  seed: 2,
});
const run: SweepRunConfig = {
  command: 'transfer sweep',
  config,
  alignments: [0, 1],
  snrs: [2, 3, 5],
  engine: 'decoupled',
};

describe('sweep units', () => {
  it('are the grid cells, alignment-major, each costing runs × progress units', () => {
    const units = planSweep(run);
    expect(units.map((u) => u.id)).toEqual([
      '0:q=0,snr=2',
      '1:q=0,snr=3',
      '2:q=0,snr=5',
      '3:q=1,snr=2',
      '4:q=1,snr=3',
      '5:q=1,snr=5',
    ]);
    expect(units.map((u) => u.cost)).toEqual([3, 3, 3, 3, 3, 3]);
    expect(units[4].job.config.alignment).toBe(1);
    expect(units[4].job.snr).toBe(3);
    expect(units[4].job.config.seed).toBe(2);
    expect(planSweep({ ...run, engine: 'gd' })[0].cost).toBe(3 * 3 * 50);
  });

  it('refuse an empty or out-of-range grid', () => {
    expect(() => planSweep({ ...run, alignments: [] })).toThrow(/^--alignments: got none/);
    expect(() => planSweep({ ...run, snrs: [] })).toThrow(/^--snrs: got none/);
    expect(() => planSweep({ ...run, alignments: [1.5] })).toThrow(/^--alignments: got 1.5/);
    expect(() => planSweep({ ...run, snrs: [0] })).toThrow(/^--snrs: got 0/);
  });

  it('are laid out for merge like every shardable run, and unknown commands are refused', () => {
    const layout = runLayout('transfer sweep', run);
    expect(layout.unitIds).toHaveLength(6);
    expect([...layout.shardUnits(1, 2), ...layout.shardUnits(2, 2)].sort()).toEqual([...layout.unitIds].sort());
    expect(() => planRun('simulate', {})).toThrow(/no shardable command "simulate"/);
  });
});

describe('verify cost estimates', () => {
  it('are seconds per instance of the measured claims, and the median whole run for a claim not measured', () => {
    const fake = (id: string) => ({ id, instances: { ci: 50, thorough: 500 } }) as unknown as AnyClaim;
    expect(verifyInstanceCost(fake('C16f'))).toBeCloseTo(12.84 / 50, 12);
    const unknown = verifyInstanceCost(fake('C99'));
    expect(unknown).toBeGreaterThan(0);
    expect(unknown * 50).toBeLessThan(12.84);
  });
});
