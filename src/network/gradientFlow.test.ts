import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/simulationConfig.js';
import { matmul } from '../linalg/gemm.js';
import { clone } from '../linalg/mat.js';
import { initStudent } from './init.js';
import type { Layers, StudentSpec } from './student.js';
import { runGradientDescent } from './trainer.js';
import { createRecorder } from './recordRun.js';
import { createRng } from '../random/rng.js';
import { buildTask } from '../task/buildTask.js';
import type { Task, TaskSpec } from '../task/task.js';
import { runGradientFlow } from './gradientFlow.js';

const spec: TaskSpec = {
  inputDim: 30,
  outputDim: 15,
  examples: 30,
  teacherSingularValues: [4, 2],
  noiseStd: 1,
  inputs: 'orthogonal',
};

/** (3.3) in the form stable for every ŝ > 0 (THEORY §3.2 audit note). */
function closedForm(sHat: number, eps: number, tOverTau: number): number {
  const x = 2 * sHat * tOverTau;
  return sHat / (-Math.expm1(-x) + (sHat / eps) * Math.exp(-x));
}

function flowRecord(
  task: Task,
  layers: Layers,
  lr: number,
  epochs: number,
  every: number,
  tol: number,
  kernels: 'auto' | 'js' = 'auto',
) {
  const rec = createRecorder(task);
  const ls = layers.map(clone);
  const stats = runGradientFlow(
    task,
    ls,
    { learningRate: lr, epochs, reportEvery: every, flowTolerance: tol },
    (t, _l, w, e) => rec.add(t, w, e),
    undefined,
    { kernels },
  );
  return { ...rec.result(), stats, final: ls };
}

function gdRecord(
  task: Task,
  layers: Layers,
  update: 'sequential' | 'simultaneous',
  lr: number,
  epochs: number,
  every: number,
) {
  const rec = createRecorder(task);
  const ls = layers.map(clone);
  runGradientDescent(task, ls, {
    update,
    training: { learningRate: lr, epochs, reportEvery: every },
    observe: (t, _l, w, e) => rec.add(t, w, e),
  });
  return rec.result();
}

describe('gradient-flow integrator (2.3)', () => {
  it('follows the closed form (3.3) of every mode under aligned init to 1e-8 relative', () => {
    const rng = createRng('flow-closed');
    const task = buildTask(spec, rng);
    const student: StudentSpec = { hiddenDims: [15], init: 'aligned', initScale: 1e-5, update: 'sequential' };
    const layers = initStudent(task, student, rng.fork('init'));
    const lr = 1e-3;
    const r = flowRecord(task, layers, lr, 6000, 50, 1e-11);
    let worst = 0;
    for (let k = 0; k < 15; k++) {
      r.modeStrengths[k].forEach((s, i) => {
        const exact = closedForm(task.svd31.s[k], 1e-5, lr * 50 * i);
        worst = Math.max(worst, Math.abs(s - exact) / exact);
      });
    }
    expect(worst).toBeLessThan(1e-8);
    expect(r.stats.evaluations).toBeLessThan(6000 / 2);
  });

  it('is the λ → 0 limit of GD: the gap shrinks like O(λ) for both update orders', () => {
    const rng = createRng('flow-rate');
    const task = buildTask({ ...spec, inputDim: 16, examples: 16, outputDim: 8 }, rng);
    const student: StudentSpec = { hiddenDims: [8], init: 'random', initScale: 1e-3, update: 'sequential' };
    const layers = initStudent(task, student, rng.fork('init'));
    const tauEnd = 4;
    const records = 20;
    // Same grid in τ = λ·epochs: 4000 epochs at λ = 1e-3, recorded every 200.
    const flow = flowRecord(task, layers, 1e-3, 4000, 200, 1e-12);
    for (const update of ['sequential', 'simultaneous'] as const) {
      const gaps = [0.02, 0.01, 0.005].map((lr) => {
        const epochs = Math.round(tauEnd / lr);
        const gd = gdRecord(task, layers, update, lr, epochs, epochs / records);
        return Math.max(...gd.testError.map((x, i) => Math.abs(x - flow.testError[i]) / flow.testError[i]));
      });
      expect(gaps[0]).toBeGreaterThan(1e-4);
      for (let i = 1; i < gaps.length; i++) {
        const ratio = gaps[i] / gaps[i - 1];
        expect(ratio, `${update} gap ratio`).toBeGreaterThan(0.4);
        expect(ratio, `${update} gap ratio`).toBeLessThan(0.6);
      }
    }
  });

  it('conserves W¹W¹ᵀ − W²ᵀW² (an invariant of the flow, not of GD) from a random init', () => {
    const rng = createRng('flow-balance');
    const task = buildTask(spec, rng);
    const student: StudentSpec = { hiddenDims: [10], init: 'random', initScale: 0.05, update: 'sequential' };
    const layers = initStudent(task, student, rng.fork('init'));
    const gram = (ls: Layers) => [
      matmul(ls[0], ls[0], { transB: true }).data,
      matmul(ls[1], ls[1], { transA: true }).data,
    ];
    const imbalance = (ls: Layers) => {
      const [a, b] = gram(ls);
      return a.map((x, i) => x - b[i]);
    };
    const before = imbalance(layers);
    const r = flowRecord(task, layers, 0.01, 500, 50, 1e-11);
    const drift = (ls: Layers) =>
      Math.max(...imbalance(ls).map((x, i) => Math.abs(x - before[i]))) / Math.max(...gram(ls)[0].map(Math.abs));
    expect(drift(r.final)).toBeLessThan(1e-9);
    // GD moves it at O(λ²) per step: the same span by 500 GD epochs drifts visibly.
    const gd = layers.map(clone);
    runGradientDescent(task, gd, {
      update: 'simultaneous',
      training: { learningRate: 0.01, epochs: 500, reportEvery: 500 },
      observe: () => {},
    });
    expect(drift(gd)).toBeGreaterThan(1e-6);
    expect(r.testError[r.testError.length - 1]).toBeLessThan(r.testError[0]);
  });

  it('gives byte-identical records with the WebAssembly kernels and their JavaScript twins', () => {
    const rng = createRng('flow-bytes');
    const task = buildTask(spec, rng);
    const layers = initStudent(
      task,
      { hiddenDims: [9, 9], init: 'random', initScale: 0.01, update: 'sequential' },
      rng.fork('init'),
    );
    const a = flowRecord(task, layers, 0.01, 400, 20, 1e-9);
    const b = flowRecord(task, layers, 0.01, 400, 20, 1e-9, 'js');
    expect(JSON.stringify(a.testError)).toBe(JSON.stringify(b.testError));
    expect(JSON.stringify(a.modeStrengths)).toBe(JSON.stringify(b.modeStrengths));
  });

  it('is chosen by the config field integrator, with flowTolerance validated by range', () => {
    const ok = validateConfig({ integrator: 'flow', flowTolerance: 1e-9 });
    expect(ok.ok).toBe(true);
    const bad = validateConfig({ integrator: 'rk4', flowTolerance: 0 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.issues.map((i) => i.field).sort()).toEqual(['flowTolerance', 'integrator']);
      expect(bad.issues.find((i) => i.field === 'integrator')!.allowed).toMatch(/"gd", "flow"/);
      expect(bad.issues.find((i) => i.field === 'flowTolerance')!.allowed).toMatch(/1e-14, 0.001/);
    }
  });
});
