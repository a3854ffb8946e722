import type { SimulationConfig } from '../config/simulationConfig.js';
import type { Mat } from '../linalg/mat.js';
import type { Rng } from '../random/rng.js';
import type { Task } from '../task/task.js';
import { initialWeights, validateModel, type Activation, type ModelSpec, type ModelWeights } from './model.js';
import { runNonlinearGradientDescent } from './nonlinearFast.js';
import { headLosses } from './reference.js';
import type { RunRecord } from './student.js';
import { trainModel } from './trainModel.js';

/** The hidden-layer activation a config names (linear when it names none). */
export function activationOfConfig(c: SimulationConfig): Activation {
  if (c.activation === 'relu') return { kind: 'relu' };
  if (c.activation === 'leakyRelu') return { kind: 'leakyRelu', slope: c.leakySlope! };
  return { kind: 'linear' };
}

/**
 * The student of a config as an engine model: the config's widths, its activation after every hidden
 * layer, one linear output head, no biases, and the random init with end-to-end scale ε (§2), which
 * draws exactly the matrices of the linear random student.
 */
export function modelSpecOfConfig(c: SimulationConfig): ModelSpec {
  const act = activationOfConfig(c);
  return {
    inputDim: c.inputDim,
    hiddenDims: c.hiddenDims,
    activations: c.hiddenDims.map(() => act),
    heads: [{ outputDim: c.outputDim }],
    init: { kind: 'random', scale: c.initScale },
  };
}

/** The N1×N1 identity: the one-hot inputs e_1 … e_N1, a full orthonormal input basis. */
function identity(n: number): Mat {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return { rows: n, cols: n, data };
}

/**
 * Train and test errors of any single-head student f on a task, generalising (1.6)–(1.7):
 * ε_train = ‖f(X) − Ŷ‖²_F / ‖Ŷ‖²_F on the training data, and ε_test = ‖f(I) − W̄‖²_F / ‖W̄‖²_F, the
 * error on the one-hot inputs e_1 … e_N1 with noiseless teacher targets W̄e_i (what the authors'
 * nonlinear code evaluates, §10 F10). For a linear f, f(I) = W and both are exactly (1.6)–(1.7);
 * for a nonlinear f the test error depends on this input basis (f is not rotation-equivariant).
 */
export function nonlinearErrors(model: ModelSpec, w: ModelWeights, task: Task): { train: number; test: number } {
  const [train] = headLosses(model, w, [{ x: task.x, y: task.y }], 'sum');
  const [test] = headLosses(model, w, [{ x: identity(task.spec.inputDim), y: task.teacher }], 'sum');
  return { train: (2 * train) / task.targetNormSq, test: (2 * test) / task.teacherNormSq };
}

/** What one nonlinear run returns: its records (no mode strengths: no mode decomposition applies) and weights. */
export interface NonlinearRun {
  readonly record: RunRecord;
  readonly initial: Mat[];
  readonly final: Mat[];
}

/** Which loop trains a nonlinear student: the kernel fast path ('fast', 'fast-js' on the JavaScript twins) or the reference GD. */
export type NonlinearBackend = 'fast' | 'fast-js' | 'reference';

/** ½‖Y − Z‖² summed in the reference's order (`headLosses`' loop), for outputs Z in any storage. */
function halfSquaredGap(y: Mat, z: { readonly data: Float64Array }): number {
  let s = 0;
  for (let i = 0; i < y.data.length; i++) s += 0.5 * (y.data[i] - z.data[i]) ** 2;
  return s;
}

/**
 * Trains the nonlinear student of a config on `task` by GD with the simultaneous update (THEORY.md
 * §9.6; every layer stepped from the same weights, as TensorFlow's plain GD does), its init drawn
 * from rng.fork('init'), recording (1.6)–(1.7) as `nonlinearErrors` defines them at epochs 0, r, 2r, ….
 * By default the kernel fast path (`runNonlinearGradientDescent`) runs it; `backend: 'reference'`
 * runs `trainModel`'s reference GD, which the fast path equals (nonlinearFast.test.ts).
 */
export function trainNonlinearStudent(
  c: SimulationConfig,
  task: Task,
  rng: Rng,
  onEpoch?: (epoch: number) => void,
  options: { readonly backend?: NonlinearBackend } = {},
): NonlinearRun {
  const model = modelSpecOfConfig(c);
  const trainError: number[] = [];
  const testError: number[] = [];
  let initial: Mat[] = [];
  const copy = (layers: readonly Mat[]) =>
    layers.map((m) => ({ rows: m.rows, cols: m.cols, data: new Float64Array(m.data) }));
  const data = [{ x: task.x, y: task.y }];
  const backend = options.backend ?? 'fast';
  if (backend !== 'reference') {
    validateModel(model);
    const start = initialWeights(model, rng.fork('init'), data);
    const { layers } = runNonlinearGradientDescent(model, data[0], start, {
      learningRate: c.learningRate,
      epochs: c.epochs,
      reportEvery: c.reportEvery,
      onEpoch,
      testInputs: identity(task.spec.inputDim),
      kernels: backend === 'fast-js' ? 'js' : 'auto',
      sink: (v) => {
        if (v.epoch === 0) initial = copy(v.layers);
        trainError.push((2 * v.loss) / task.targetNormSq);
        testError.push((2 * halfSquaredGap(task.teacher, v.testOutputs!)) / task.teacherNormSq);
      },
    });
    return { record: { trainError, testError, modeStrengths: [] }, initial, final: layers };
  }
  const { weights } = trainModel(model, data, {
    integrator: 'gd',
    update: 'simultaneous',
    learningRate: c.learningRate,
    epochs: c.epochs,
    reportEvery: c.reportEvery,
    rng,
    onEpoch,
    sink: ({ epoch, weights: w }) => {
      if (epoch === 0) initial = copy(w.layers);
      const e = nonlinearErrors(model, w, task);
      trainError.push(e.train);
      testError.push(e.test);
    },
  });
  return { record: { trainError, testError, modeStrengths: [] }, initial, final: weights.layers };
}
