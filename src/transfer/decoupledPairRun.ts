import { discreteModeTrajectory } from '../dynamics/discreteRecursion.js';
import type { Mat } from '../linalg/mat.js';
import type { StudentSpec, TrainingSpec } from '../network/student.js';
import type { Task } from '../task/task.js';
import { pairRunRecord, type PairRunRecord } from './pairRecord.js';
import type { TaskPair } from './taskPair.js';

/**
 * The three students of `trainPairRun` computed through mode decoupling instead of matrix GD:
 * a training-aligned student with Σ11 = I or D·I keeps W(t) = Σ_{k<m} s_k(t) û_k v̂_kᵀ exactly,
 * each s_k following the discrete recursion (3.9) of its own ŝ_k (C1), so every error of §8.3 is
 * a sum over modes of s_k², s_k·(projection). Equal to GD up to rounding (tested against
 * `trainPairRun`), and O(modes·epochs) after one SVD per task instead of O(N³·epochs).
 * Refuses random initialisation and P < N1 (there the decoupling does not hold exactly).
 */
export function decoupledPairRun(pair: TaskPair, student: StudentSpec, training: TrainingSpec): PairRunRecord {
  if (student.init !== 'aligned') {
    throw new RangeError(
      `the decoupled engine needs init "aligned" (training-aligned students decouple, §3.1), got "${student.init}"`,
    );
  }
  if (pair.joint.sigma11Kind !== 'identity' && pair.joint.sigma11Kind !== 'scaled') {
    throw new RangeError(
      `the decoupled engine needs examples ≥ inputDim (Σ11 = I or D·I, §3.1), got examples = ${pair.spec.examples} < inputDim = ${pair.spec.inputDim}`,
    );
  }
  const joint = modeRun(pair.joint, student, training);
  const n3a = pair.spec.outputDimA;
  const onA = blockProjections(pair.joint, pair.a.teacher, 0, n3a, joint.modes);
  const onB = blockProjections(pair.joint, pair.b.teacher, n3a, n3a + pair.spec.outputDimB, joint.modes);
  const a = modeRun(pair.a, student, training);
  const b = modeRun(pair.b, student, training);
  return pairRunRecord(pair, {
    jointTestError: joint.testError,
    jointTrainError: joint.trainError,
    jointTestErrorA: quadraticCurve(joint.strengths, onA.weight, onA.pull, pair.a.teacherNormSq),
    jointTestErrorB: quadraticCurve(joint.strengths, onB.weight, onB.pull, pair.b.teacherNormSq),
    aloneTestErrorA: a.testError,
    aloneTrainErrorA: a.trainError,
    aloneTestErrorB: b.testError,
    aloneTrainErrorB: b.trainError,
  });
}

/** The student's mode strengths (3.9) and its own test and train errors (5.3), for one task. */
function modeRun(task: Task, student: StudentSpec, training: TrainingSpec) {
  const { s } = task.svd31;
  const n1 = task.spec.inputDim;
  const n3 = task.spec.outputDim;
  const modes = Math.min(n1, n3, ...student.hiddenDims);
  const depth = student.hiddenDims.length + 1;
  const c = task.sigma11Scale;
  const strengths: number[][] = [];
  for (let k = 0; k < modes; k++) {
    const spec = {
      initScale: student.initScale,
      learningRate: training.learningRate,
      depth,
      update: student.update,
      epochs: training.epochs,
      reportEvery: training.reportEvery,
      inputScale: c,
    };
    strengths.push(discreteModeTrajectory(s[k], spec));
  }
  const own = blockProjections(task, task.teacher, 0, n3, modes);
  const testError = quadraticCurve(strengths, own.weight, own.pull, task.teacherNormSq);
  // ‖E‖² = Σ_k (ŝ_k − c s_k)² with E = Σ31 − cW; train = (‖E‖²/c + ‖Ŷ(I − Π)‖²)/‖Ŷ‖² (the recorder's identity).
  let unlearned = 0;
  for (let k = modes; k < s.length; k++) unlearned += s[k] * s[k];
  const records = strengths[0].length;
  const trainError: number[] = [];
  for (let i = 0; i < records; i++) {
    let e = unlearned;
    for (let k = 0; k < modes; k++) {
      const d = s[k] - c * strengths[k][i];
      e += d * d;
    }
    trainError.push((e / c + task.unfittableSq) / task.targetNormSq);
  }
  return { modes, strengths, testError, trainError };
}

/**
 * For rows [from, to) of W = Σ_k s_k û_k v̂_kᵀ against a target block T: weight_k = ‖û_k[from:to]‖²
 * and pull_k = û_k[from:to]ᵀ T v̂_k, so ‖W[from:to] − T‖² = Σ_k (weight_k s_k² − 2 pull_k s_k) + ‖T‖².
 */
function blockProjections(
  task: Task,
  target: Mat,
  from: number,
  to: number,
  modes: number,
): { weight: number[]; pull: number[] } {
  const { u, v } = task.svd31;
  const n1 = task.spec.inputDim;
  const weight: number[] = [];
  const pull: number[] = [];
  const tv = new Float64Array(to - from);
  for (let k = 0; k < modes; k++) {
    let w = 0;
    for (let i = from; i < to; i++) w += u.data[i * u.cols + k] ** 2;
    for (let i = 0; i < to - from; i++) {
      let acc = 0;
      for (let j = 0; j < n1; j++) acc += target.data[i * n1 + j] * v.data[j * v.cols + k];
      tv[i] = acc;
    }
    let p = 0;
    for (let i = from; i < to; i++) p += u.data[i * u.cols + k] * tv[i - from];
    weight.push(w);
    pull.push(p);
  }
  return { weight, pull };
}

/** (Σ_k weight_k s_k(t)² − 2 pull_k s_k(t) + ‖T‖²)/‖T‖² at every recorded epoch. */
function quadraticCurve(
  strengths: readonly number[][],
  weight: readonly number[],
  pull: readonly number[],
  normSq: number,
): number[] {
  const records = strengths.length > 0 ? strengths[0].length : 0;
  const out: number[] = [];
  for (let i = 0; i < records; i++) {
    let e = normSq;
    for (let k = 0; k < strengths.length; k++) {
      const sk = strengths[k][i];
      e += sk * (weight[k] * sk - 2 * pull[k]);
    }
    out.push(Math.max(0, e) / normSq);
  }
  return out;
}
