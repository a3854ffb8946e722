import { describe, expect, it } from 'vitest';
import { frobeniusDistSq, frobeniusSq } from '../linalg/norms.js';
import { transpose } from '../linalg/mat.js';
import { trainStudent } from '../network/train.js';
import { createRng } from '../random/rng.js';
import { buildTask } from '../task/buildTask.js';
import { effectiveSpike } from '../rmt/effectiveSpike.js';
import { overlap } from '../rmt/spikedModel.js';
import { checkC14a, checkC14b } from './checks/c14Shrinkage.js';
import { oracleError, shrinkageEstimator, shrinkagePredictedError, shrinkageStrength } from './shrinkage.js';
import { teacherProjections } from './teacherProjections.js';

describe('C14(a): shrinkage beats gradient descent in theory (exact)', () => {
  it('holds over the default sweep (P = N1; D_w 1, 2, 4; A ≤ 1 and N3 > N1; ranks 1, 3; σ_z; ε; N2)', () => {
    const o = checkC14a();
    expect(o.holds, `${o.measured} at ${o.detail}`).toBe(true);
  });
});

describe('C14(b): the per-instance oracle bound (7.3)', () => {
  // A small task trained by GD from the TA initialisation (λŝ₁ ≈ 0.02): CI-cheap, exact claim.
  const spec = {
    inputDim: 30,
    outputDim: 15,
    examples: 30,
    teacherSingularValues: [4, 1.5],
    noiseStd: 1,
    inputs: 'orthogonal' as const,
  };
  const runs = [0, 1, 2].map((seed) => {
    const task = buildTask(spec, createRng(`c14b-${seed}`));
    const rec = trainStudent(
      task,
      { hiddenDims: [15], init: 'aligned', initScale: 1e-4, update: 'sequential' },
      { learningRate: 5e-3, epochs: 3000, reportEvery: 10 },
      createRng(`c14b-${seed}`),
    );
    return { task, rec };
  });

  it('holds for GD-trained TA students on three seeds, including the "no better matrix in the span" part', () => {
    for (const { task, rec } of runs) {
      for (const o of checkC14b(task, 15, rec.testError, createRng('perturb')))
        expect(o.holds, `${o.name}: ${o.measured} ${o.detail ?? ''}`).toBe(true);
    }
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
