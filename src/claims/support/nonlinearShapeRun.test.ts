import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/simulationConfig.js';
import { thresholdRatio } from '../../arbitraries/thresholdSpectrum.js';
import {
  arbNonlinearShape,
  C19_NONLINEAR_SLOPES,
  nonlinearSchedule,
  nonlinearStudentConfig,
} from './nonlinearShapeRun.js';

describe('nonlinear C19 runs', () => {
  it('records every τ/20 and runs 10τ/σ_z epochs, rounded up to a whole record', () => {
    // λ = 0.01: τ = 100 epochs, records every 5; σ_z = 0.7: 10τ/σ_z = 1428.6 → 1430.
    expect(nonlinearSchedule(0.01, 0.7)).toEqual({ reportEvery: 5, epochs: 1430 });
    // τ < 20 epochs still records every epoch.
    expect(nonlinearSchedule(0.1, 1)).toEqual({ reportEvery: 1, epochs: 100 });
  });

  it('describes a student the product accepts: leaky ReLU, N2 = N3, random init, simultaneous GD, ε = 1e-5σ_z', () => {
    const spec = {
      inputDim: 14,
      outputDim: 12,
      teacherSingularValues: [3, 2],
      noiseStd: 0.8,
      leakySlope: 0.3,
      seed: 1,
    };
    const c = nonlinearStudentConfig(spec, 0.02, { epochs: 500, reportEvery: 3 });
    const { runs: _runs, seed: _seed, ...rest } = c;
    expect(resolveConfig(rest)).toMatchObject({
      activation: 'leakyRelu',
      leakySlope: 0.3,
      hiddenDims: [12],
      examples: 14,
      inputs: 'onehot',
      init: 'random',
      update: 'simultaneous',
      initScale: 1e-5 * 0.8,
      learningRate: 0.02,
      epochs: 500,
      reportEvery: 3,
    });
  });

  it('draws every s̄ inside [max(θ_A + 0.3, lowThetas·θ_A), top]·σ_z, ranks from minRank, slopes in range', () => {
    const specs = fc.sample(
      arbNonlinearShape({ ci: [8, 12], thorough: [8, 12] }, 'ci', { top: 6, lowThetas: 2.5, minRank: 2 }),
      {
        seed: 3,
        numRuns: 200,
      },
    );
    for (const s of specs) {
      const theta = thresholdRatio(s.outputDim, s.inputDim);
      const low = Math.max(theta + 0.3, 2.5 * theta) * s.noiseStd;
      expect(s.teacherSingularValues.length).toBeGreaterThanOrEqual(2);
      for (const v of s.teacherSingularValues) {
        expect(v).toBeGreaterThanOrEqual(low * (1 - 1e-12));
        expect(v).toBeLessThanOrEqual(6 * s.noiseStd * (1 + 1e-12));
      }
      expect(s.leakySlope).toBeGreaterThanOrEqual(C19_NONLINEAR_SLOPES[0]);
      expect(s.leakySlope).toBeLessThanOrEqual(C19_NONLINEAR_SLOPES[1]);
      expect(s.outputDim / s.inputDim).toBeGreaterThanOrEqual(0.5);
    }
  });
});
