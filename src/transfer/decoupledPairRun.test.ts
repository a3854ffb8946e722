import { describe, expect, it } from 'vitest';
import type { StudentSpec, TrainingSpec } from '../network/student.js';
import { createRng } from '../random/rng.js';
import { decoupledPairRun } from './decoupledPairRun.js';
import { minOf, pairRunRecord, type PairCurves } from './pairRecord.js';
import { drawTaskPair, type TaskPairSpec } from './taskPair.js';
import { trainPairRun } from './trainPairRun.js';

const base: TaskPairSpec = {
  inputDim: 20,
  outputDimA: 6,
  outputDimB: 9,
  examples: 20,
  singularValuesA: [2.5, 1],
  singularValuesB: [4],
  alignments: [0.6],
  noiseStd: 1.2,
};

const CURVES = [
  'jointTestError',
  'jointTrainError',
  'jointTestErrorA',
  'jointTestErrorB',
  'aloneTestErrorA',
  'aloneTrainErrorA',
  'aloneTestErrorB',
  'aloneTrainErrorB',
] as const;

describe('decoupled engine', () => {
  it.each([
    ['square, sequential', base, [8], 'sequential'],
    ['simultaneous, N2 < rank of the noise', base, [3], 'simultaneous'],
    ['three layers', base, [15, 7], 'sequential'],
    ['P = 2N1 (Σ11 = 2I)', { ...base, examples: 40 }, [10], 'sequential'],
    ['noiseless, orthogonal', { ...base, noiseStd: 0, alignments: [0] }, [10], 'sequential'],
    [
      'joint outputs beyond N1',
      { ...base, inputDim: 12, examples: 12, outputDimA: 7, outputDimB: 8 },
      [12],
      'sequential',
    ],
  ] as const)('equals full matrix GD on every error of §8.3 (%s)', (_name, pairSpec, hiddenDims, update) => {
    const pair = drawTaskPair(pairSpec, createRng(`engine-${_name}`));
    const student: StudentSpec = { hiddenDims, init: 'aligned', initScale: 1e-4, update };
    const training: TrainingSpec = {
      learningRate: 0.01 / Math.max(1, pair.joint.sigma11Scale),
      epochs: 400,
      reportEvery: 10,
    };
    const gd = trainPairRun(pair, student, training, createRng(1));
    const fast = decoupledPairRun(pair, student, training);
    for (const key of CURVES) {
      expect(fast[key]).toHaveLength(gd[key].length);
      fast[key].forEach((x, i) =>
        expect(Math.abs(x - gd[key][i]), `${key}[${i}]`).toBeLessThan(1e-10 * Math.max(1, Math.abs(x))),
      );
    }
    expect(Math.abs(fast.transfer - gd.transfer)).toBeLessThan(1e-10);
  });

  it('refuses what does not decouple, naming the setting', () => {
    const pair = drawTaskPair(base, createRng(3));
    const training = { learningRate: 0.01, epochs: 10, reportEvery: 1 };
    expect(() =>
      decoupledPairRun(pair, { hiddenDims: [5], init: 'random', initScale: 1e-4, update: 'sequential' }, training),
    ).toThrow(/needs init "aligned"/);
    const fewer = drawTaskPair({ ...base, examples: 10 }, createRng(3));
    expect(() =>
      decoupledPairRun(fewer, { hiddenDims: [5], init: 'aligned', initScale: 1e-4, update: 'sequential' }, training),
    ).toThrow(/examples ≥ inputDim/);
  });
});

describe('run records (§8.3)', () => {
  it('derives t1_ben, t2_ben, symm_ben and T (8.2) from the curves', () => {
    const pair = drawTaskPair({ ...base, singularValuesA: [3], singularValuesB: [4] }, createRng(4));
    const curves: PairCurves = {
      jointTestError: [1, 0.5, 0.6],
      jointTrainError: [1, 0.4, 0.2],
      jointTestErrorA: [1, 0.7, 0.8],
      jointTestErrorB: [1, 0.3, 0.4],
      aloneTestErrorA: [1, 0.6, 0.9],
      aloneTrainErrorA: [1, 0.5, 0.3],
      aloneTestErrorB: [1, 0.2, 0.5],
      aloneTrainErrorB: [1, 0.3, 0.1],
    };
    const r = pairRunRecord(pair, curves);
    expect(r.benefitA.map((x) => +x.toFixed(12))).toEqual([0, -0.1, 0.1]);
    expect(r.benefitB.map((x) => +x.toFixed(12))).toEqual([0, -0.1, 0.1]);
    // ‖W̄_A‖² = 9, ‖W̄_B‖² = 16: symm_ben = (9·alone_A + 16·alone_B − 25·joint)/25.
    expect(r.symmetricBenefit[1]).toBeCloseTo((9 * 0.6 + 16 * 0.2 - 25 * 0.5) / 25, 14);
    expect(r.transfer).toBeCloseTo(0.6 - 0.7, 14);
    expect(r.transferBA).toBeCloseTo(0.2 - 0.3, 14);
    expect(() => minOf([1, Number.NaN])).toThrow(/NaN/);
  });
});
