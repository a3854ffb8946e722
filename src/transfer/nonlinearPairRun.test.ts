import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { minOf } from './pairRecord.js';
import { drawTaskPair, type TaskPairSpec } from './taskPair.js';
import { trainNonlinearPairRun } from './nonlinearPairRun.js';
import { trainPairRun } from './trainPairRun.js';

const spec: TaskPairSpec = {
  inputDim: 10,
  outputDimA: 4,
  outputDimB: 5,
  examples: 10,
  singularValuesA: [1.5],
  singularValuesB: [4, 2],
  alignments: [0.7],
  noiseStd: 0.8,
};
const training = { learningRate: 0.03, epochs: 300, reportEvery: 7 };
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

describe('nonlinear transfer runs (THEORY.md §9.6, §10 F11)', () => {
  it('with leaky slope 1 (the identity) records the linear random students of trainPairRun with the simultaneous update, to 1e-12', () => {
    const pair = drawTaskPair(spec, createRng(5));
    const nl = trainNonlinearPairRun(
      pair,
      { hiddenDims: [6], activation: { kind: 'leakyRelu', slope: 1 }, initScale: 1e-3 },
      training,
      createRng(9),
    );
    const lin = trainPairRun(
      pair,
      { hiddenDims: [6], init: 'random', initScale: 1e-3, update: 'simultaneous' },
      training,
      createRng(9),
    );
    for (const k of CURVES) {
      expect(nl[k].length, k).toBe(lin[k].length);
      nl[k].forEach((e, i) =>
        expect(Math.abs(e - lin[k][i]), `${k}[${i}]`).toBeLessThanOrEqual(1e-12 * Math.max(1, lin[k][i])),
      );
    }
    expect(Math.abs(nl.transfer - lin.transfer)).toBeLessThanOrEqual(1e-12);
  });

  it('a leaky-ReLU joint student is a different map from the linear one, and its benefits are alone − joint', () => {
    const pair = drawTaskPair(spec, createRng(5));
    const student = { hiddenDims: [6], activation: { kind: 'leakyRelu', slope: 0.2 } as const, initScale: 1e-3 };
    const nl = trainNonlinearPairRun(pair, student, training, createRng(9));
    const lin = trainPairRun(
      pair,
      { hiddenDims: [6], init: 'random', initScale: 1e-3, update: 'simultaneous' },
      training,
      createRng(9),
    );
    const last = nl.jointTestErrorA.length - 1;
    expect(Math.abs(nl.jointTestErrorA[last] - lin.jointTestErrorA[last])).toBeGreaterThan(1e-6);
    expect(nl.benefitA[last]).toBe(nl.aloneTestErrorA[last] - nl.jointTestErrorA[last]);
    expect(nl.transfer).toBe(minOf(nl.aloneTestErrorA) - minOf(nl.jointTestErrorA));
    // Records start at 1 (a student at ε = 1e-3 maps almost to 0) and the train error falls.
    expect(nl.jointTestErrorA[0]).toBeCloseTo(1, 3);
    expect(nl.jointTrainError[last]).toBeLessThan(nl.jointTrainError[0]);
  });
});
