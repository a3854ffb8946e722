import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/simulationConfig.js';
import { frobeniusDistSq } from '../linalg/norms.js';
import { taskOfRun } from '../network/simulate.js';
import { shrinkageEstimator, shrinkagePredictedError } from './shrinkage.js';

/**
 * The shrinker with P ≠ N1 reaches the asymptotic error (7.2) under §4.5. At N3 = 60 a single
 * instance's error fluctuates by O(N^{-1/2}) ≈ 0.13 relative; the mean of 8 instances by ≈ 0.05, the tolerance.
 */
describe('shrinkageEstimator with P ≠ N1', () => {
  for (const examples of [240, 60]) {
    it(`P = ${examples}, N1 = 120: mean error over 8 tasks within 0.05 of (7.2) through §4.5`, () => {
      const config = resolveConfig({
        inputDim: 120,
        outputDim: 60,
        examples,
        teacherSingularValues: [3],
        noiseStd: 1,
        runs: 8,
        seed: 11,
      });
      let mean = 0;
      let predicted = 0;
      for (let r = 0; r < config.runs; r++) {
        const task = taskOfRun(config, r);
        const est = shrinkageEstimator(task.sigma31, config.noiseStd, undefined, examples);
        mean += frobeniusDistSq(est.weights, task.teacher) / task.teacherNormSq / config.runs;
        predicted = shrinkagePredictedError(config.teacherSingularValues, est.eff);
      }
      expect(Math.abs(mean - predicted)).toBeLessThan(0.05);
    });
  }
});
