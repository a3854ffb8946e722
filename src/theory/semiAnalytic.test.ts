import { describe, expect, it } from 'vitest';
import { modeStrength } from '../dynamics/modeStrength.js';
import { matmul } from '../linalg/gemm.js';
import { fromFactors } from '../linalg/mat.js';
import { frobeniusDistSq } from '../linalg/norms.js';
import { createRng } from '../random/rng.js';
import { buildTask } from '../task/buildTask.js';
import type { TaskSpec } from '../task/task.js';
import {
  buildSemiAnalyticModel,
  semiAnalyticCurves,
  semiAnalyticOptimalStopping,
  semiAnalyticPoint,
} from './semiAnalytic.js';

interface Case {
  readonly name: string;
  readonly task: TaskSpec;
  readonly hiddenDims: number[];
  readonly initScale: number;
}

const base = {
  inputDim: 40,
  outputDim: 20,
  examples: 40,
  teacherSingularValues: [4, 1.5],
  noiseStd: 1,
  inputs: 'orthogonal' as const,
};

/** Σ11 = I, Σ11 = 2I (P > N1), a projector (P < N1), N3 > N1, a narrow and a deep student. */
const cases: Case[] = [
  { name: 'one hidden layer, P = N1', task: base, hiddenDims: [20], initScale: 1e-4 },
  { name: 'one hidden layer, N2 < N3', task: base, hiddenDims: [7], initScale: 1e-4 },
  { name: 'three hidden layers', task: base, hiddenDims: [20, 20, 20], initScale: 1e-2 },
  { name: 'P > N1 (Σ11 = 2I)', task: { ...base, examples: 80 }, hiddenDims: [20], initScale: 1e-4 },
  {
    name: 'P < N1 (projector), N3 > P',
    task: { ...base, outputDim: 30, examples: 25 },
    hiddenDims: [20],
    initScale: 1e-4,
  },
  { name: 'N3 > N1', task: { ...base, inputDim: 20, outputDim: 40, examples: 20 }, hiddenDims: [20], initScale: 1e-4 },
];

describe('the semi-analytic prediction (5.3)', () => {
  it.each(cases)(
    '$name: W(t) = Û diag(s(t)) V̂ᵀ with the closed-form strengths, and both errors are those of W(t)',
    (c) => {
      const task = buildTask(c.task, createRng(`semi-${c.name}`));
      const model = buildSemiAnalyticModel(task, c, 5e-3);
      const { u, v } = task.svd31;
      for (const t of [0, 150, 400, 1200, 5000]) {
        const p = semiAnalyticPoint(model, t);
        // Modes the student reaches follow the closed form (3.3)/(3.6) with c_k = v̂_kᵀΣ11v̂_k; the others stay at 0.
        p.strengths.forEach((s, k) => {
          const o = { ...model.dynamics, inputScale: model.inputScale[k] };
          expect(s).toBe(k < model.studentRank ? modeStrength(t, model.sHat[k], o) : 0);
        });
        // (5.3) by definition: ε_test = ‖W − W̄‖²/‖W̄‖², ε_train = ‖Ŷ − WX‖²/‖Ŷ‖², formed here from the matrices.
        const w = fromFactors(u, p.strengths, v);
        expect(p.testError).toBeCloseTo(frobeniusDistSq(w, task.teacher) / task.teacherNormSq, 12);
        expect(p.trainError).toBeCloseTo(frobeniusDistSq(matmul(w, task.x), task.y) / task.targetNormSq, 12);
      }
    },
  );

  it('the curves are the points on the epoch grid, and the optimum is the curve’s minimum (below every recorded value)', () => {
    const task = buildTask(base, createRng('semi-grid'));
    const student = { hiddenDims: [20], initScale: 1e-4 };
    const training = { learningRate: 5e-3, epochs: 3000, reportEvery: 10 };
    const curves = semiAnalyticCurves(task, student, training);
    const model = buildSemiAnalyticModel(task, student, training.learningRate);
    expect(curves.epochs.length).toBe(301);
    expect(curves.testError[37]).toBe(semiAnalyticPoint(model, 370).testError);
    const opt = semiAnalyticOptimalStopping(model, 3000);
    expect(opt.minError).toBeLessThanOrEqual(Math.min(...curves.testError) + 1e-15);
    expect(opt.minError).toBeCloseTo(semiAnalyticPoint(model, opt.tOpt).testError, 15);
  });

  it('semiAnalyticPoint rejects negative times and matches the recorded layout', () => {
    const task = buildTask(base, createRng('layout'));
    const model = buildSemiAnalyticModel(task, { hiddenDims: [20], initScale: 1e-4 }, 5e-3);
    expect(() => semiAnalyticPoint(model, -1)).toThrow(/t must be a finite number ≥ 0/);
    expect(
      semiAnalyticPoint(model, 0)
        .strengths.slice(0, 20)
        .every((s) => s === 1e-4),
    ).toBe(true);
  });
});
