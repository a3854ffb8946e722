import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, epochGrid, resolveConfig, type SimulationConfig } from '../config/simulationConfig.js';
import { simulate } from '../network/simulate.js';
import { mpEdges } from '../rmt/marchenkoPastur.js';
import { buildAsymptoticModel } from './asymptoticModel.js';
import { theoryCurves } from './theoryCurves.js';
import { fittedNoise, frontPoint, theoryPoint } from './theoryErrors.js';

const F3: SimulationConfig = { ...DEFAULT_CONFIG, epochs: 5000, reportEvery: 5 };

describe('theoryCurves (5.5)–(5.8)', () => {
  it('lies on exactly the epoch grid that simulate records', () => {
    const c = resolveConfig({
      inputDim: 12,
      outputDim: 6,
      hiddenDims: [6],
      examples: 12,
      epochs: 37,
      reportEvery: 5,
      runs: 1,
      learningRate: 0.01,
    });
    const th = theoryCurves(c);
    expect(th.epochs).toEqual(epochGrid(37, 5));
    expect(th.epochs).toEqual(simulate(c).epochs);
    expect(th.trainError).toHaveLength(th.epochs.length);
    expect(th.modeStrengths).toHaveLength(c.teacherSingularValues.length);
    expect(th.modeStrengths[0]).toHaveLength(th.epochs.length);
  });

  it('starts at 1 + O(ε) and reaches the §5.2 long-time limits (train → 0, test → the closed form) for N2 ≥ N3', () => {
    const c = { ...F3, teacherSingularValues: [6, 4, 2] };
    const m = buildAsymptoticModel(c);
    const start = theoryPoint(m, 0);
    const sumS = c.teacherSingularValues.reduce((a, b) => a + b, 0);
    // ε_test(0) = 1 − 2εΣs̄𝒪/Σs̄² + O(ε²): within 3εΣs̄/Σs̄².
    expect(Math.abs(start.testError - 1)).toBeLessThan((3 * c.initScale * sumS) / m.teacherNormSq);
    expect(Math.abs(start.trainError - 1)).toBeLessThan(1e-4);
    const late = theoryPoint(m, 1e7);
    expect(late.trainError).toBeLessThan(1e-12);
    let num = m.nNoise * c.noiseStd ** 2;
    for (const s of m.signals) num += (s.sHat - s.sBar) ** 2 + 2 * s.sHat * s.sBar * (1 - s.overlap);
    expect(late.testError).toBeCloseTo(num / m.teacherNormSq, 10);
  });

  it('C12 (theory, exact): the test curve is non-decreasing in N2 at every t, with identical signal terms', () => {
    const times = [0, 500, 1500, 2500, 4000, 6000, 10000];
    let prev: number[] | undefined;
    for (const n2 of [1, 2, 5, 20, 49, 50]) {
      const m = buildAsymptoticModel({ ...F3, teacherSingularValues: [2.2], hiddenDims: [n2] });
      const cur = times.map((t) => theoryPoint(m, t).testError);
      if (prev) cur.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(prev![i] - 1e-15));
      prev = cur;
    }
  });

  it('restricts the fitted noise to the top region R_in when N2 < N3 (§12 D4)', () => {
    const m = buildAsymptoticModel({ ...F3, hiddenDims: [11] });
    expect(m.nNoise).toBe(49);
    expect(m.nFit).toBe(10);
    const { upper } = mpEdges(0.5, 1);
    expect(m.xCut).toBeGreaterThan(1.2);
    expect(m.xCut).toBeLessThan(upper);
    // Late in training the fitted part equals n_noise ∫_{R_in} x²ρ and the unfitted part stays.
    const late = fittedNoise(m, 1e7);
    expect(late.strengthSq).toBeCloseTo(m.noiseInEnergy, 8);
    expect(theoryPoint(m, 1e7).trainError).toBeCloseTo(m.noiseOutEnergy / m.trainNorm, 10);
  });

  it('handles σ_z = 0 without dividing by it: ŝ = s̄, 𝒪 = 1, noise terms at the level of ε²', () => {
    const c = { ...F3, noiseStd: 0, teacherSingularValues: [3, 1], epochs: 20000, reportEvery: 100 };
    const th = theoryCurves(c);
    expect(th.sHat).toEqual([3, 1]);
    expect(th.overlap).toEqual([1, 1]);
    expect(th.threshold).toBe(0);
    const last = th.testError[th.testError.length - 1];
    expect(last).toBeLessThan(1e-6);
    for (const v of [...th.trainError, ...th.testError]) expect(Number.isFinite(v)).toBe(true);
  });

  it('covers P < N1, P > N1 (train error (5.8) with the unfittable part) and N3 > N1', () => {
    const fewer = theoryCurves({
      ...F3,
      inputDim: 100,
      outputDim: 100,
      hiddenDims: [100],
      examples: 40,
      teacherSingularValues: [3],
      epochs: 40000,
      reportEvery: 200,
    });
    // The part of W̄ outside span(X) is never learned: test error stays ≥ 1 − D (rank one, strong signal).
    expect(Math.min(...fewer.testError)).toBeGreaterThan(0.6 - 0.05);
    expect(fewer.trainError[fewer.trainError.length - 1]).toBeLessThan(0.05); // interpolation when N2 ≥ min(N3, P)
    const more = buildAsymptoticModel({
      ...F3,
      inputDim: 100,
      outputDim: 100,
      hiddenDims: [100],
      examples: 400,
      teacherSingularValues: [3],
    });
    expect(more.eff.inputScale).toBe(4);
    expect(more.dynamics.tau).toBe(250);
    expect(more.unfittable).toBeCloseTo(300, 12);
    const floor = more.unfittable / more.trainNorm;
    expect(theoryPoint(more, 1e7).trainError).toBeCloseTo(floor, 10);
    const tall = theoryCurves({
      ...F3,
      inputDim: 50,
      outputDim: 100,
      hiddenDims: [100],
      examples: 50,
      teacherSingularValues: [4],
    });
    expect(tall.model.eff.transposed).toBe(true);
    expect(tall.threshold).toBeCloseTo(Math.sqrt(2) * Math.pow(0.5, 0.25), 14);
  });

  it('treats the initialisation kind, update order and Gaussian inputs as the theory assumes (TA, continuous time, Σ11 ≈ D·I)', () => {
    const base = theoryCurves({ ...F3, epochs: 500, reportEvery: 50 });
    for (const patch of [
      { init: 'random' },
      { update: 'simultaneous' },
      { inputs: 'gaussian' },
      { inputs: 'onehot' },
    ] as const) {
      expect(theoryCurves({ ...F3, epochs: 500, reportEvery: 50, ...patch }).testError).toEqual(base.testError);
    }
  });

  it('puts the quadrature breakpoint at the sigmoid front t½(x_f) = t', () => {
    const m = buildAsymptoticModel(F3);
    const x = frontPoint(m, 4000)!;
    expect((1000 / (2 * x)) * Math.log(x / 1e-5 - 1)).toBeCloseTo(4000, 2);
    expect(frontPoint(m, 1)).toBeUndefined();
  });

  it('rejects bad specs with a RangeError naming the field', () => {
    expect(() => buildAsymptoticModel({ ...F3, teacherSingularValues: [0, 0] })).toThrow(/teacherSingularValues/);
    expect(() => buildAsymptoticModel({ ...F3, learningRate: 0 })).toThrow(/learningRate must be a finite number > 0/);
    expect(() => buildAsymptoticModel({ ...F3, hiddenDims: [0] })).toThrow(/hiddenDims/);
    expect(() => buildAsymptoticModel({ ...F3, examples: 0 })).toThrow(/examples must be an integer ≥ 1/);
    expect(() => theoryPoint(buildAsymptoticModel(F3), -1)).toThrow(/t must be a finite number ≥ 0/);
  });
});
