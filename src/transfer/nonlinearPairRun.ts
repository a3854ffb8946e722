import type { Mat } from '../linalg/mat.js';
import { initialWeights, type Activation, type ModelSpec } from '../network/model.js';
import { runNonlinearGradientDescent } from '../network/nonlinearFast.js';
import type { TrainingSpec } from '../network/student.js';
import type { Rng } from '../random/rng.js';
import type { Task } from '../task/task.js';
import { pairRunRecord, type PairRunRecord } from './pairRecord.js';
import { blockErrors, type TaskPair } from './taskPair.js';

/** Why `dlgen transfer` shows only the simulation for nonlinear students or teachers. */
export const NONLINEAR_TRANSFER_NOTE =
  'nonlinear students or teachers: simulation only. The transfer theory (§8) is for linear students and teachers; ' +
  'no theory applies to leaky-ReLU or ReLU networks (THEORY.md §8.7, §9.6)';

/** The students of a nonlinear transfer run: hidden widths, one activation after every hidden layer, end-to-end init scale ε. */
export interface NonlinearPairStudent {
  readonly hiddenDims: readonly number[];
  readonly activation: Activation;
  readonly initScale: number;
}

/** The N1×N1 identity: the one-hot inputs on which a nonlinear student's test error is measured. */
function identity(n: number): Mat {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return { rows: n, cols: n, data };
}

/** The engine model of one student of a pair: the given activation after every hidden layer, linear output, random init. */
function pairModel(task: Task, s: NonlinearPairStudent): ModelSpec {
  return {
    inputDim: task.spec.inputDim,
    hiddenDims: s.hiddenDims,
    activations: s.hiddenDims.map(() => s.activation),
    heads: [{ outputDim: task.spec.outputDim }],
    init: { kind: 'random', scale: s.initScale },
  };
}

/**
 * Trains one nonlinear student on `task` by the engine's simultaneous GD (init from rng.fork('init')) and
 * hands `observe` the train error 2L/‖Ŷ‖² and the outputs f(I) on the one-hot inputs at each recorded epoch.
 */
function trainOne(
  task: Task,
  s: NonlinearPairStudent,
  training: TrainingSpec,
  rng: Rng,
  observe: (trainError: number, outputs: Mat) => void,
  onEpoch?: () => void,
): void {
  const model = pairModel(task, s);
  const data = { x: task.x, y: task.y };
  const n1 = task.spec.inputDim;
  const out = task.spec.outputDim;
  runNonlinearGradientDescent(model, data, initialWeights(model, rng.fork('init'), [data]), {
    learningRate: training.learningRate,
    epochs: training.epochs,
    reportEvery: training.reportEvery,
    testInputs: identity(n1),
    onEpoch,
    sink: (v) => observe((2 * v.loss) / task.targetNormSq, { rows: out, cols: n1, data: v.testOutputs!.data }),
  });
}

/** ‖F − T‖²/‖T‖² for outputs F on the one-hot inputs and the teacher's outputs T there (1.7 for nonlinear f). */
function testError(outputs: Mat, task: Task): number {
  let s = 0;
  for (let i = 0; i < outputs.data.length; i++) s += (outputs.data[i] - task.teacher.data[i]) ** 2;
  return s / task.teacherNormSq;
}

/**
 * One transfer run with nonlinear students (THEORY.md §9.6, §10 F11): the joint, A-alone and B-alone students
 * (streams `joint`, `aloneA`, `aloneB` of `rng`, as `trainPairRun`) trained by simultaneous GD on one pair, every
 * error of §8.3 measured on the one-hot inputs against the teachers' outputs, and the benefits of (8.2). There is no
 * theory for these students: the record is simulation only. `onEpoch` is called once per epoch of each student.
 */
export function trainNonlinearPairRun(
  pair: TaskPair,
  student: NonlinearPairStudent,
  training: TrainingSpec,
  rng: Rng,
  options: { readonly onEpoch?: () => void } = {},
): PairRunRecord {
  const jointTestError: number[] = [];
  const jointTrainError: number[] = [];
  const jointTestErrorA: number[] = [];
  const jointTestErrorB: number[] = [];
  trainOne(
    pair.joint,
    student,
    training,
    rng.fork('joint'),
    (train, f) => {
      jointTrainError.push(train);
      jointTestError.push(testError(f, pair.joint));
      const e = blockErrors(pair, f);
      jointTestErrorA.push(e.a);
      jointTestErrorB.push(e.b);
    },
    options.onEpoch,
  );
  const alone = (task: Task, stream: string) => {
    const test: number[] = [];
    const train: number[] = [];
    trainOne(
      task,
      student,
      training,
      rng.fork(stream),
      (t, f) => {
        train.push(t);
        test.push(testError(f, task));
      },
      options.onEpoch,
    );
    return { test, train };
  };
  const a = alone(pair.a, 'aloneA');
  const b = alone(pair.b, 'aloneB');
  return pairRunRecord(pair, {
    jointTestError,
    jointTrainError,
    jointTestErrorA,
    jointTestErrorB,
    aloneTestErrorA: a.test,
    aloneTrainErrorA: a.train,
    aloneTestErrorB: b.test,
    aloneTrainErrorB: b.train,
  });
}
