import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/simulationConfig.js';
import { buildAsymptoticModel } from './asymptoticModel.js';
import { globalMinimum, sampledOptimalStopping } from './optimalStopping.js';
import { theoryOptimalStopping } from './theoryOptimalStopping.js';
import { theoryTestError } from './theoryErrors.js';

describe('the theory curve with two dips (§6)', () => {
  // Widely separated teacher values: the first mode overshoots s̄𝒪 before the second is learned.
  const m = buildAsymptoticModel({
    inputDim: 100,
    outputDim: 50,
    examples: 100,
    hiddenDims: [50],
    teacherSingularValues: [12, 2.4],
    noiseStd: 1,
    learningRate: 1e-3,
    initScale: 1e-5,
  });

  it('has two local minima, the later one global, and theoryOptimalStopping returns the later one', () => {
    const values = Array.from({ length: 1201 }, (_, i) => theoryTestError(m, i * 5));
    const minima = values
      .map((v, i) => i > 0 && i < 1200 && v < values[i - 1] && v <= values[i + 1])
      .reduce((n, b) => n + (b ? 1 : 0), 0);
    expect(minima).toBe(2);
    const opt = theoryOptimalStopping(m, 6000);
    expect(opt.tOpt).toBeGreaterThan(2000);
    expect(opt.minError).toBeLessThanOrEqual(Math.min(...values) + 1e-12);
    expect(opt.minError).toBe(theoryTestError(m, opt.tOpt));
  });
});

describe('optimal stopping helpers (§6)', () => {
  it('returns t = 0 when nothing is detectable and the rank-one approximation (6.1) when the signal is strong', () => {
    const none = buildAsymptoticModel({ ...DEFAULT_CONFIG, teacherSingularValues: [0.3] });
    expect(theoryOptimalStopping(none, 5000)).toEqual({ tOpt: 0, minError: theoryTestError(none, 0) });
    const strong = buildAsymptoticModel({ ...DEFAULT_CONFIG, teacherSingularValues: [20] });
    const s = strong.signals[0];
    const opt = theoryOptimalStopping(strong, 5000);
    // (6.1): ε_opt ≈ 1 − 𝒪², t_opt ≈ t(s̄𝒪); noise makes the optimum slightly earlier and worse.
    expect(opt.minError).toBeGreaterThanOrEqual(1 - s.overlap ** 2);
    expect(opt.minError).toBeLessThan(1 - s.overlap ** 2 + 1e-3);
    const t61 = (1000 / (2 * s.sHat)) * Math.log((s.sHat / 1e-5 - 1) / (s.sHat / s.optimalStrength - 1));
    expect(Math.abs(opt.tOpt - t61)).toBeLessThan(20);
  });

  it('globalMinimum finds the deeper of two narrow dips; sampledOptimalStopping takes the earliest recorded minimum', () => {
    const f = (t: number) => 1 - 0.5 * Math.exp(-(((t - 10) / 0.3) ** 2)) - 0.6 * Math.exp(-(((t - 70) / 0.2) ** 2));
    const m = globalMinimum(f, 100, { anchors: Array.from({ length: 41 }, (_, i) => 69 + i * 0.05) });
    expect(m.tOpt).toBeCloseTo(70, 6);
    expect(m.minError).toBeCloseTo(0.4, 12);
    expect(sampledOptimalStopping([0, 5, 10, 15], [3, 1, 1, 2])).toEqual({ tOpt: 5, minError: 1, index: 1 });
    expect(() => sampledOptimalStopping([0, 5], [1])).toThrow(/equal length/);
    expect(() => globalMinimum(f, -1)).toThrow(/horizon/);
  });
});
