import { describe, expect, it } from 'vitest';
import { discreteModeTrajectory } from './discreteRecursion.js';
import { matmul } from '../linalg/gemm.js';
import { createRng } from '../random/rng.js';
import { buildTask } from '../task/buildTask.js';
import type { TaskSpec } from '../task/task.js';
import type { StudentSpec, TrainingSpec } from '../network/student.js';
import { trainStudent } from '../network/train.js';

// THEORY.md §3.1 and claim C1: under training-aligned init with Σ11 = I (or D·I), ÛᵀWV̂ stays
// diagonal at every step of discrete GD, and entry k follows the scalar recursion (3.9) with ŝ_k.
// Tolerances are C1's: off-diagonals ≤ 1e-9·max(max diag, ε); diagonal to 1e-9 relative.
const task: TaskSpec = {
  inputDim: 12,
  outputDim: 8,
  examples: 12,
  teacherSingularValues: [3, 1.5],
  noiseStd: 0.5,
  inputs: 'orthogonal',
};
const training: TrainingSpec = { learningRate: 0.01, epochs: 2000, reportEvery: 20 };
const initScale = 1e-3;

function checkDecoupling(spec: TaskSpec, hiddenDims: number[], update: 'sequential' | 'simultaneous', seed: string) {
  const rng = createRng(seed);
  const t = buildTask(spec, rng);
  const student: StudentSpec = { hiddenDims, init: 'aligned', initScale, update };
  const { u, v, s } = t.svd31;
  const diagonals: number[][] = [];
  let worstOff = 0;
  trainStudent(t, student, training, rng, {
    observe: (_epoch, _layers, w) => {
      const m = matmul(matmul(u, w, { transA: true }), v); // ÛᵀWV̂, k×k
      const k = m.rows;
      let maxDiag = 0;
      for (let i = 0; i < k; i++) maxDiag = Math.max(maxDiag, Math.abs(m.data[i * k + i]));
      const scale = Math.max(maxDiag, initScale);
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++) if (i !== j) worstOff = Math.max(worstOff, Math.abs(m.data[i * k + j]) / scale);
      diagonals.push(Array.from({ length: k }, (_, i) => m.data[i * k + i]));
    },
  });
  const depth = hiddenDims.length + 1;
  const aligned = Math.min(...hiddenDims, spec.inputDim, spec.outputDim);
  let worstMode = 0;
  for (let k = 0; k < s.length; k++) {
    const expected =
      k < aligned
        ? discreteModeTrajectory(s[k], {
            initScale,
            learningRate: training.learningRate,
            depth,
            update,
            epochs: training.epochs,
            reportEvery: training.reportEvery,
            inputScale: t.sigma11Scale,
          })
        : diagonals.map(() => 0); // modes the narrowest layer cannot carry stay at exactly zero
    diagonals.forEach((d, i) => {
      worstMode = Math.max(worstMode, Math.abs(d[k] - expected[i]) / Math.max(Math.abs(expected[i]), initScale));
    });
  }
  return { worstOff, worstMode, learned: diagonals.at(-1)![0] / s[0] };
}

describe('C1 mode decoupling under training-aligned init (exact, §3.1)', () => {
  for (const hiddenDims of [[6], [6, 6], [6, 5, 6]]) {
    for (const update of ['sequential', 'simultaneous'] as const) {
      it(`${hiddenDims.length} hidden layer(s) ${JSON.stringify(hiddenDims)}, ${update}: ÛᵀWV̂ diagonal and each mode follows (3.9)`, () => {
        const r = checkDecoupling(task, hiddenDims, update, `c1-${hiddenDims.join('-')}-${update}`);
        expect(r.worstOff).toBeLessThan(1e-9);
        expect(r.worstMode).toBeLessThan(1e-9);
        expect(r.learned).toBeGreaterThan(0.5); // the run actually learned something
      });
    }
  }

  it('also for Σ11 = D·I (P > N1) and for hidden layers wider than N3 (zero-padded units)', () => {
    const more = checkDecoupling({ ...task, examples: 30 }, [6], 'sequential', 'c1-scaled');
    expect(more.worstOff).toBeLessThan(1e-9);
    expect(more.worstMode).toBeLessThan(1e-9);
    const wide = checkDecoupling(task, [10, 11], 'sequential', 'c1-wide');
    expect(wide.worstOff).toBeLessThan(1e-9);
    expect(wide.worstMode).toBeLessThan(1e-9);
  });
});

describe('discreteModeTrajectory for D_w = 2', () => {
  it('is bit-identical to the generic update a_l = a_l + λ e ∏_{m≠l} a_m written out', () => {
    for (const update of ['sequential', 'simultaneous'] as const) {
      const spec = {
        initScale: 1e-4,
        learningRate: 0.02,
        depth: 2,
        update,
        epochs: 700,
        reportEvery: 7,
        inputScale: 1.5,
      };
      const a = [Math.pow(spec.initScale, 1 / 2), Math.pow(spec.initScale, 1 / 2)];
      const expected: number[] = [];
      for (let t = 0; ; t++) {
        if (t % spec.reportEvery === 0) expected.push(1 * a[0] * a[1]);
        if (t >= spec.epochs) break;
        const err = 3.7 - spec.inputScale * (1 * a[0] * a[1]);
        const old = [...a];
        a[0] = old[0] + spec.learningRate * err * (1 * old[1]);
        a[1] = old[1] + spec.learningRate * err * (1 * (update === 'sequential' ? a[0] : old[0]));
      }
      expect(discreteModeTrajectory(3.7, spec)).toEqual(expected);
      expect(discreteModeTrajectory(3.7, { ...spec, depth: 3 }).length).toBe(expected.length);
    }
  });
});
