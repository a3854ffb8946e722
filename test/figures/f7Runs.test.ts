import { describe, expect, it } from 'vitest';
import { resolveTransferConfig, DEFAULT_TRANSFER_CONFIG } from '../../src/transfer/transferConfig.js';
import { simulateTransfer } from '../../src/transfer/simulateTransfer.js';
import { sweepCellConfig } from '../../src/transfer/transferSweep.js';
import { f7RunJob } from '../../src/figures/f7Runs.js';

const base = resolveTransferConfig({
  ...DEFAULT_TRANSFER_CONFIG,
  inputDim: 16,
  examples: 16,
  outputDimA: 6,
  outputDimB: 5,
  hiddenDims: [7],
  singularValuesA: [2.5],
  epochs: 600,
  reportEvery: 3,
  learningRate: 0.01,
  runs: 2,
  seed: 5,
});

describe('F7 runs by the per-mode recursion', () => {
  it('equal the transfer engine (decoupled pair run) cell by cell, run by run', () => {
    const partners = [0.84, 6];
    const alignments = [0, 0.7, 1];
    let reports = 0;
    for (let run = 0; run < base.runs; run++) {
      const got = f7RunJob({ config: base, partners, alignments, run }, () => reports++);
      let j = 0;
      for (const q of alignments) {
        for (const m of partners) {
          const ref = simulateTransfer(sweepCellConfig(base, q, m), { engine: 'decoupled' }).runs[run];
          // Same draws; the joint modes come from an eigendecomposition instead of an SVD: rounding only.
          expect(Math.abs(got.aloneMin - Math.min(...ref.aloneTestErrorA))).toBeLessThan(1e-12);
          expect(Math.abs(got.jointMin[j] - Math.min(...ref.jointTestErrorA)), `q = ${q}, s̄_B = ${m}`).toBeLessThan(
            1e-10,
          );
          j++;
        }
      }
    }
    expect(reports).toBe(base.runs * partners.length * alignments.length);
  });

  it('refuses P ≠ N1 and a target of rank > 1', () => {
    const job = { partners: [1], alignments: [0], run: 0 };
    expect(() => f7RunJob({ ...job, config: { ...base, examples: 20 } })).toThrow(/P = N1/);
    expect(() => f7RunJob({ ...job, config: { ...base, singularValuesA: [3, 1] } })).toThrow(/rank-one/);
  });
});
