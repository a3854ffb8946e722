import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DivergenceError } from '../network/divergence.js';
import { curveMeanSe, meanSe, simulateTransfer } from './simulateTransfer.js';
import { resolveTransferConfig } from './transferConfig.js';
import { runTransferExperiment, simulateTransferParallel } from './transferParallel.js';
import { singularValuesWithSnr, SWEEP_CSV_COLUMNS, sweepCsv, transferSweep } from './transferSweep.js';
import { theoryTransfer } from './transferTheory.js';

const small = resolveTransferConfig({
  inputDim: 16,
  examples: 16,
  outputDimA: 6,
  outputDimB: 6,
  hiddenDims: [8],
  singularValuesA: [1],
  singularValuesB: [4],
  alignment: 0.8,
  learningRate: 0.01,
  epochs: 300,
  reportEvery: 20,
  runs: 3,
  seed: 11,
});

const distModule = new URL('../../dist/transfer/transferParallel.js', import.meta.url);
const haveDist = existsSync(fileURLToPath(distModule));

describe('simulation summaries (§8.3)', () => {
  it('gives mean ± SE = sd/√n, and a null SE for one run', () => {
    const m = meanSe([1, 2, 3, 6]);
    expect(m.mean).toBe(3);
    expect(m.se).toBeCloseTo(Math.sqrt(14 / 3 / 4), 14);
    expect(meanSe([5])).toEqual({ mean: 5, se: null });
    expect(curveMeanSe([[1, 2]]).se).toBeNull();
    expect(() => meanSe([])).toThrow(/no values/);
  });

  it('summarises every run: A alone and joint curves on A, and T^{A←B} per run (8.2)', () => {
    const sim = simulateTransfer(small);
    expect(sim.runs).toHaveLength(3);
    expect(sim.epochs).toEqual(Array.from({ length: 16 }, (_, i) => 20 * i));
    expect(sim.alone.mean[0]).toBeCloseTo(1, 3);
    expect(sim.transfer.mean).toBeCloseTo(sim.runs.reduce((s, r) => s + r.transfer, 0) / 3, 14);
    expect(sim.joint.mean[7]).toBeCloseTo(sim.runs.reduce((s, r) => s + r.jointTestErrorA[7], 0) / 3, 14);
  });

  it('is reproducible: the same seed gives the same bytes', () => {
    expect(JSON.stringify(simulateTransfer(small))).toBe(JSON.stringify(simulateTransfer(small)));
    expect(simulateTransfer({ ...small, seed: 12 }).transfer.mean).not.toBe(simulateTransfer(small).transfer.mean);
  });
});

describe('parallel runs and sweeps', () => {
  it('runs in parallel exactly as in sequence (in-process from sources), with progress', async () => {
    let last = 0;
    const par = await simulateTransferParallel(small, { workers: 2, onProgress: (d) => (last = d) });
    expect(JSON.stringify(par)).toBe(JSON.stringify(simulateTransfer(small)));
    expect(last).toBe(3 * 3 * small.epochs);
  });

  it('puts theory and simulation of a config in one report', async () => {
    const r = await runTransferExperiment(small, { engine: 'decoupled' });
    expect(r.alone.theory).toHaveLength(r.epochs.length);
    expect(r.joint.theory).toHaveLength(r.epochs.length);
    expect(r.transfer.theory).toBeCloseTo(theoryTransfer(small, small.epochs).transfer, 14);
    expect(r.transfer.simulation.mean).toBeCloseTo(simulateTransfer(small, { engine: 'decoupled' }).transfer.mean, 14);
  });

  it('rescales s̄_B so that its smallest value is the SNR (§0.3 item 6)', () => {
    expect(singularValuesWithSnr([3, 2, 1], 2)).toEqual([6, 4, 2]);
    expect(singularValuesWithSnr([10], 0.84)).toEqual([0.84]);
    expect(() => singularValuesWithSnr([1], 0)).toThrow(/--snrs/);
  });

  it('sweeps alignment × SNR in grid order and writes one CSV row per cell', async () => {
    const rows = await transferSweep(small, [0, 1], [2, 4], { workers: 2, engine: 'decoupled' });
    expect(rows.map((r) => [r.alignment, r.snr])).toEqual([
      [0, 2],
      [0, 4],
      [1, 2],
      [1, 4],
    ]);
    expect(rows[3].transferTheory).toBeCloseTo(
      theoryTransfer({ ...small, alignment: 1, singularValuesB: [4] }, small.epochs).transfer,
      14,
    );
    expect(rows[2].transferTheory).toBeGreaterThan(rows[0].transferTheory);
    const csv = sweepCsv(rows).trimEnd().split('\n');
    expect(csv[0]).toBe(SWEEP_CSV_COLUMNS.join(','));
    expect(csv).toHaveLength(5);
    expect(csv[4].split(',')).toHaveLength(SWEEP_CSV_COLUMNS.length);
    expect(
      sweepCsv([{ ...rows[0], transferSe: null }])
        .split('\n')[1]
        .split(',')[5],
    ).toBe('');
  });

  it('refuses bad grids with the option named', async () => {
    await expect(transferSweep(small, [1.2], [2])).rejects.toThrow(/--alignments: got 1.2/);
    await expect(transferSweep(small, [0.5], [-1])).rejects.toThrow(/--snrs: got -1/);
    await expect(transferSweep(small, [], [1])).rejects.toThrow(/--alignments: got none/);
  });

  it('reports a diverging run as a DivergenceError naming the learning rate', async () => {
    await expect(simulateTransferParallel({ ...small, learningRate: 3 }, { workers: 2 })).rejects.toBeInstanceOf(
      DivergenceError,
    );
  });

  // npm test builds dist/ first; these use real worker threads.
  it.skipIf(!haveDist)('on worker threads gives the same bytes as in sequence', async () => {
    const dist = (await import(distModule.href)) as typeof import('./transferParallel.js');
    const seq = JSON.stringify(simulateTransfer(small));
    expect(JSON.stringify(await dist.simulateTransferParallel(small, { workers: 2 }))).toBe(seq);
    await expect(dist.simulateTransferParallel({ ...small, learningRate: 3 }, { workers: 2 })).rejects.toMatchObject({
      name: 'DivergenceError',
    });
  });
});
