import { describe, expect, it } from 'vitest';
import { frobeniusDistSq, frobeniusSq } from '../linalg/norms.js';
import { fromFactors, transpose } from '../linalg/mat.js';
import { createRng } from '../random/rng.js';
import { buildTask } from '../task/buildTask.js';
import { effectiveSpike } from '../rmt/effectiveSpike.js';
import { overlap } from '../rmt/spikedModel.js';
import {
  oracleError,
  oracleStrengths,
  shrinkageEstimator,
  shrinkagePredictedError,
  shrinkageStrength,
} from './shrinkage.js';
import { teacherProjections } from './teacherProjections.js';

describe('the oracle (7.3)', () => {
  it('keeps c_k = û_kᵀW̄v̂_k on the top modes, and its error is that of the oracle matrix, 1 − Σc_k²/‖W̄‖²', () => {
    const task = buildTask(
      { inputDim: 30, outputDim: 15, examples: 30, teacherSingularValues: [4, 1.5], noiseStd: 1, inputs: 'orthogonal' },
      createRng('oracle'),
    );
    const { u, v } = task.svd31;
    const c = teacherProjections(task);
    for (const rank of [1, 2, 7, 15]) {
      const s = oracleStrengths(task, rank);
      s.forEach((x, k) => expect(x).toBe(k < rank ? c[k] : 0));
      const kept = c.slice(0, rank).reduce((a, x) => a + x * x, 0);
      expect(oracleError(task, rank)).toBeCloseTo(1 - kept / task.teacherNormSq, 14);
      const matrixError = frobeniusDistSq(fromFactors(u, s, v), task.teacher) / task.teacherNormSq;
      expect(oracleError(task, rank)).toBeCloseTo(matrixError, 14);
    }
    // Noiseless and full rank: Σ31 = W̄, so the oracle is exact.
    const clean = buildTask(
      { inputDim: 20, outputDim: 10, examples: 20, teacherSingularValues: [3, 1], noiseStd: 0, inputs: 'orthogonal' },
      createRng('oracle-clean'),
    );
    expect(oracleError(clean, 10)).toBeLessThan(1e-14);
  });
});

describe('shrinkage estimator (7.1) on a concrete Σ31', () => {
  it('keeps only modes above the edge, at σ·η(ŝ/σ), and reproduces Σ31 when σ_z = 0', () => {
    const task = buildTask(
      {
        inputDim: 80,
        outputDim: 40,
        examples: 80,
        teacherSingularValues: [5, 0.3],
        noiseStd: 1.2,
        inputs: 'orthogonal',
      },
      createRng('shr'),
    );
    const est = shrinkageEstimator(task.sigma31, 1.2);
    const edge = 1.2 * (1 + Math.sqrt(0.5));
    est.svd.s.forEach((s, k) => expect(est.strengths[k]).toBe(s > edge ? shrinkageStrength(s, 0.5, 1.2) : 0));
    expect(est.strengths[0]).toBeGreaterThan(4);
    const clean = buildTask(
      { inputDim: 20, outputDim: 10, examples: 20, teacherSingularValues: [3, 1], noiseStd: 0, inputs: 'orthogonal' },
      createRng('clean'),
    );
    expect(frobeniusDistSq(shrinkageEstimator(clean.sigma31, 0).weights, clean.teacher)).toBeLessThan(1e-24);
  });

  it('handles N3 > N1 by transposition: the same estimate as shrinking the transposed problem', () => {
    const task = buildTask(
      { inputDim: 30, outputDim: 60, examples: 30, teacherSingularValues: [6], noiseStd: 1, inputs: 'orthogonal' },
      createRng('tall'),
    );
    const est = shrinkageEstimator(task.sigma31, 1);
    expect(est.eff.aspect).toBe(0.5);
    expect(est.eff.bulkScale).toBeCloseTo(Math.SQRT2, 15);
    // The transposed data (N1×N3) have entry variance 1/N1 = σ'²/N3 with σ' = √(N3/N1) = √2: shrinking them
    // (no transposition needed) must give the transpose of the same estimate.
    const estT = shrinkageEstimator(transpose(task.sigma31), Math.SQRT2);
    expect(estT.eff.transposed).toBe(false);
    expect(estT.eff.bulkScale).toBeCloseTo(Math.SQRT2, 15);
    const size = frobeniusSq(est.weights);
    expect(frobeniusDistSq(transpose(estT.weights), est.weights)).toBeLessThan(1e-24 * size);
    expect(est.strengths[0]).toBeGreaterThan(5);
  });

  it('predicts (7.2) and the measured shrinkage error agrees on a large instance; oracle ≤ shrinkage per instance', () => {
    const task = buildTask(
      { inputDim: 400, outputDim: 200, examples: 400, teacherSingularValues: [3], noiseStd: 1, inputs: 'orthogonal' },
      createRng('big'),
    );
    const eff = effectiveSpike({ inputDim: 400, outputDim: 200, examples: 400, noiseStd: 1 });
    const predicted = shrinkagePredictedError([3], eff);
    expect(predicted).toBeCloseTo(1 - overlap(3, 0.5, 1) ** 2, 15);
    const measured = frobeniusDistSq(shrinkageEstimator(task.sigma31, 1).weights, task.teacher) / task.teacherNormSq;
    // Per-draw fluctuation of 1 − 𝒪² at N3 = 200: the C8 overlap scale 1.5/√N3 ≈ 0.11, doubled for the square.
    expect(Math.abs(measured - predicted)).toBeLessThan(0.2);
    expect(oracleError(task, 200)).toBeLessThanOrEqual(measured + 1e-12);
    expect(teacherProjections(task)[0]).toBeGreaterThan(0);
  });
});
