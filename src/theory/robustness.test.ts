import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig, type SimulationConfig } from '../config/simulationConfig.js';
import { studentSpecOf, taskOfRun, trainingSpecOf } from '../network/simulate.js';
import { shrinkagePredictedError } from './shrinkage.js';
import { semiAnalyticCurves } from './semiAnalytic.js';
import { theoryCurves } from './theoryCurves.js';
import { theoryOptimalStopping } from './theoryOptimalStopping.js';

const finite = (xs: readonly number[]) => xs.every((x) => Number.isFinite(x));

/** A deterministic sweep over the corners of the valid domain (each config goes through resolveConfig). */
function sweep(): SimulationConfig[] {
  const sizes = [
    { inputDim: 100, outputDim: 5, examples: 100 }, // A = 0.05
    { inputDim: 40, outputDim: 40, examples: 40 }, // A = 1
    { inputDim: 20, outputDim: 60, examples: 20 }, // N3 > N1
    { inputDim: 50, outputDim: 30, examples: 10 }, // P < N1
    { inputDim: 30, outputDim: 20, examples: 300 }, // P > N1
  ];
  const spectra = [[100], [0.01], [100, 1e-3, 0], [3, 3, 3]];
  const out: SimulationConfig[] = [];
  let i = 0;
  for (const size of sizes) {
    for (const sBar of spectra) {
      for (const noiseStd of [0, 1e-6, 1, 10]) {
        const initScale = [1e-12, 1e-5, 1e-1][i % 3];
        const hiddenDims = [[size.outputDim], [2, 2, 2], [size.outputDim, size.outputDim]][Math.floor(i / 3) % 3];
        const epochs = [1_000_000, 1000, 50_000][i % 3];
        const learningRate = [1e-3, 0.5][i % 2];
        i++;
        if (sBar.length > Math.min(size.inputDim, size.outputDim)) continue;
        out.push(
          resolveConfig({
            ...size,
            teacherSingularValues: sBar,
            noiseStd,
            initScale,
            hiddenDims,
            epochs,
            reportEvery: Math.max(1, epochs / 50),
            learningRate,
            runs: 1,
          }),
        );
      }
    }
  }
  return out;
}

describe('numerical robustness: no NaN/∞ in any output for any valid config', () => {
  const configs = sweep();

  it(`theory curves, optimal stopping and shrinkage error on ${configs.length} corner configs`, () => {
    expect(configs.length).toBeGreaterThan(60);
    for (const c of configs) {
      const label = JSON.stringify({ ...c, epochs: c.epochs });
      const th = theoryCurves(c);
      expect(finite(th.trainError) && finite(th.testError) && th.modeStrengths.every(finite), label).toBe(true);
      expect(finite(th.sHat) && finite(th.overlap) && Number.isFinite(th.threshold), label).toBe(true);
      expect(th.testError.every((e) => e >= 0) && th.trainError.every((e) => e >= 0), label).toBe(true);
      const opt = theoryOptimalStopping(th.model, c.epochs);
      expect(Number.isFinite(opt.tOpt) && Number.isFinite(opt.minError), label).toBe(true);
      expect(opt.minError).toBeLessThanOrEqual(Math.min(...th.testError) + 1e-12);
      expect(Number.isFinite(shrinkagePredictedError(c.teacherSingularValues, th.model.eff)), label).toBe(true);
    }
  });

  it('semi-analytic curves on drawn tasks at the extremes (σ_z = 0 and 10, ε = 1e-12 and 0.1, deep, 1e6 epochs)', () => {
    for (const patch of [
      { noiseStd: 0, initScale: 0.1 },
      { noiseStd: 10, initScale: 1e-12, hiddenDims: [8, 8, 8] },
      { noiseStd: 1e-6, initScale: 0.1, hiddenDims: [8, 8, 8], epochs: 1_000_000, reportEvery: 20_000 },
      { examples: 5, noiseStd: 1 },
      { examples: 60, noiseStd: 1, inputs: 'gaussian' as const },
    ]) {
      const c = resolveConfig({
        ...DEFAULT_CONFIG,
        inputDim: 20,
        outputDim: 8,
        examples: 20,
        hiddenDims: [8],
        teacherSingularValues: [100, 0.01],
        epochs: 2000,
        reportEvery: 100,
        runs: 1,
        ...patch,
      });
      const semi = semiAnalyticCurves(taskOfRun(c, 0), studentSpecOf(c), trainingSpecOf(c));
      expect(
        finite(semi.trainError) && finite(semi.testError) && semi.modeStrengths.every(finite),
        JSON.stringify(patch),
      ).toBe(true);
    }
  });
});
