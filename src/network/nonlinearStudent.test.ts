import { describe, expect, it } from 'vitest';
import { refuseNonlinear } from '../config/activationFields.js';
import { ConfigError } from '../config/errors.js';
import { resolveConfig, validateConfig } from '../config/simulationConfig.js';
import { endToEnd } from './product.js';
import { modelSpecOfConfig, nonlinearErrors, trainNonlinearStudent } from './nonlinearStudent.js';
import { simulate, simulateRun, taskOfRun, runRng } from './simulate.js';
import { initialWeights } from './model.js';
import { buildTask } from '../task/buildTask.js';
import { taskSpecOf } from './simulate.js';

const small = {
  inputDim: 12,
  outputDim: 6,
  examples: 12,
  teacherSingularValues: [3, 1.5],
  noiseStd: 1,
  learningRate: 0.05,
  initScale: 1e-3,
  epochs: 400,
  reportEvery: 10,
  runs: 2,
  seed: 7,
};

/** Largest |a − b| / max(1, |b|) over two record arrays. */
function gap(a: readonly number[], b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]) / Math.max(1, Math.abs(b[i]))));
}

describe('nonlinear students (THEORY.md §9.6)', () => {
  // λ is kept below the edge of stability (at λ = 0.05 the Gaussian depth-3 run oscillates and amplifies rounding to 1e-6).
  it('leakySlope 1 records exactly the linear random student with the simultaneous update (1e-12), depth 2 and 3, orthogonal and Gaussian inputs', () => {
    for (const extra of [
      { hiddenDims: [9], inputs: 'orthogonal' },
      { hiddenDims: [10, 7], inputs: 'gaussian', examples: 17, initScale: 0.1, learningRate: 0.01 },
    ]) {
      const lin = resolveConfig({ ...small, ...extra, init: 'random', update: 'simultaneous' });
      const nl = resolveConfig({ ...small, ...extra, activation: 'leakyRelu', leakySlope: 1 });
      const a = simulate(lin);
      const b = simulate(nl);
      expect(b.epochs).toEqual(a.epochs);
      for (let r = 0; r < lin.runs; r++) {
        expect(gap(b.runs[r].trainError, a.runs[r].trainError)).toBeLessThan(1e-12);
        expect(gap(b.runs[r].testError, a.runs[r].testError)).toBeLessThan(1e-12);
        expect(a.runs[r].testError[a.epochs.length - 1]).toBeLessThan(0.9); // the runs learn something: the comparison is not of two flat lines
      }
    }
  });

  it('nonlinearErrors of a linear model are (1.6)–(1.7) from the end-to-end map', () => {
    const c = resolveConfig({ ...small, hiddenDims: [9], inputs: 'gaussian', examples: 15, init: 'random' });
    const task = taskOfRun(c, 0);
    const model = { ...modelSpecOfConfig(c), activations: undefined };
    const w = initialWeights({ ...model, init: { kind: 'random', gain: 0.7 } }, runRng(1, 0));
    const W = endToEnd(w.layers);
    let test = 0;
    for (let i = 0; i < W.data.length; i++) test += (W.data[i] - task.teacher.data[i]) ** 2;
    let train = 0;
    for (let i = 0; i < task.y.rows; i++)
      for (let m = 0; m < task.y.cols; m++) {
        let z = 0;
        for (let k = 0; k < task.x.rows; k++) z += W.data[i * W.cols + k] * task.x.data[k * task.x.cols + m];
        train += (z - task.y.data[i * task.y.cols + m]) ** 2;
      }
    const e = nonlinearErrors(model, w, task);
    expect(Math.abs(e.test - test / task.teacherNormSq)).toBeLessThan(1e-13);
    expect(Math.abs(e.train - train / task.targetNormSq)).toBeLessThan(1e-13);
  });

  it('a ReLU student (Gaussian inputs, P ≠ N1) starts at ε ≈ 1 and lowers its train error', () => {
    const c = resolveConfig({
      ...small,
      hiddenDims: [20],
      inputs: 'gaussian',
      examples: 20,
      activation: 'relu',
      runs: 1,
    });
    const r = simulateRun(c, 0);
    expect(r.modeStrengths).toEqual([]);
    expect(Math.abs(r.testError[0] - 1)).toBeLessThan(1e-4);
    expect(r.trainError[r.trainError.length - 1]).toBeLessThan(0.5 * r.trainError[0]);
  });

  it('trainNonlinearStudent returns the init it started from and the same records as simulateRun', () => {
    const c = resolveConfig({
      ...small,
      hiddenDims: [9],
      activation: 'leakyRelu',
      leakySlope: 0.1,
      runs: 1,
      epochs: 50,
    });
    const rng = runRng(c.seed, 0);
    const task = buildTask(taskSpecOf(c), rng);
    const run = trainNonlinearStudent(c, task, rng);
    expect(run.initial.map((m) => Array.from(m.data))).toEqual(
      initialWeights(modelSpecOfConfig(c), runRng(c.seed, 0).fork('init')).layers.map((m) => Array.from(m.data)),
    );
    expect(run.record).toEqual(simulateRun(c, 0));
  });
});

describe('config fields activation and leakySlope', () => {
  const issuesOf = (raw: object) => {
    const v = validateConfig(raw);
    return v.ok ? [] : v.issues.map((i) => i.field);
  };
  it('a linear config has no activation fields (its documents keep their bytes); a nonlinear one defaults to random, simultaneous, slope 0.01', () => {
    expect('activation' in resolveConfig({})).toBe(false);
    expect('activation' in resolveConfig({ activation: 'linear' })).toBe(false);
    const c = resolveConfig({ activation: 'leakyRelu' });
    expect([c.activation, c.leakySlope, c.init, c.update]).toEqual(['leakyRelu', 0.01, 'random', 'simultaneous']);
    const r = resolveConfig({ activation: 'relu' });
    expect([r.activation, 'leakySlope' in r, r.init, r.update]).toEqual(['relu', false, 'random', 'simultaneous']);
  });
  it('refuses, naming the field: sequential update, aligned init or the flow with a nonlinear activation; bad activation or slope; a slope without leaky ReLU', () => {
    expect(issuesOf({ activation: 'leakyRelu', update: 'sequential' })).toEqual(['update']);
    expect(issuesOf({ activation: 'relu', init: 'aligned' })).toEqual(['init']);
    expect(issuesOf({ activation: 'relu', integrator: 'flow' })).toEqual(['integrator']);
    expect(issuesOf({ activation: 'tanh' })).toEqual(['activation']);
    expect(issuesOf({ activation: 'leakyRelu', leakySlope: 1.5 })).toEqual(['leakySlope']);
    expect(issuesOf({ activation: 'leakyRelu', leakySlope: -0.1 })).toEqual(['leakySlope']);
    expect(issuesOf({ activation: 'relu', leakySlope: 0.1 })).toEqual(['leakySlope']);
    expect(issuesOf({ leakySlope: 0.1 })).toEqual(['leakySlope']);
    const v = validateConfig({ activation: 'leakyRelu', update: 'sequential' });
    expect(!v.ok && v.issues[0].allowed).toMatch(/simultaneous/);
  });
  it('theory refuses a nonlinear config with a ConfigError naming activation', () => {
    expect(() => refuseNonlinear(resolveConfig({}), 'theory')).not.toThrow();
    const e = (() => {
      try {
        refuseNonlinear(resolveConfig({ activation: 'relu' }), 'theory');
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).issues[0].field).toBe('activation');
    expect((e as Error).message).toMatch(/dlgen theory/);
  });
});
