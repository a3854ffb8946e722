import { epochGrid } from '../config/simulationConfig.js';
import { stateUnchecked } from '../dynamics/modeStrength.js';
import { assertModeDynamics, type ModeDynamics } from '../dynamics/modeDynamics.js';
import type { StudentSpec, TrainingSpec } from '../network/student.js';
import type { Task } from '../task/task.js';
import { globalMinimum, modeTimeAnchors, type StoppingPoint } from './optimalStopping.js';
import { teacherProjections } from './teacherProjections.js';

/**
 * Per-instance data of the semi-analytic prediction (5.3): a TA student's map stays
 * W(t) = Σ_k s_k(t) û_k v̂_kᵀ over the top `studentRank` modes of Σ31, each obeying
 * τṡ = D_w s^{2−2/D_w}(ŝ_k − c_k s) with c_k = v̂_kᵀΣ11v̂_k (1 for Σ11 = I, D for D·I, 1 or 0 inside or
 * outside span(X) for a projector). Gaussian inputs (Σ11 ≠ c·I) do not decouple: there c_k is the
 * Rayleigh quotient and the prediction is only approximate. R3, §5.1.
 */
export interface SemiAnalyticModel {
  readonly task: Task;
  /** ŝ_k of Σ31 (all min(N1, N3) modes). */
  readonly sHat: Float64Array;
  /** c_k of (5.3), the teacher along mode k. */
  readonly teacherProjection: Float64Array;
  /** v̂_kᵀΣ11v̂_k per mode. */
  readonly inputScale: Float64Array;
  /** Modes the student reaches: the narrowest of N1, the hidden widths and N3. */
  readonly studentRank: number;
  /** ε, τ = 1/λ and depth (inputScale is per mode). */
  readonly dynamics: ModeDynamics;
}

/** Snap Rayleigh quotients of a projector to exactly 0 or 1 when they are within rounding. */
function snap(c: number): number {
  if (Math.abs(c) < 1e-9) return 0;
  if (Math.abs(c - 1) < 1e-9) return 1;
  return c;
}

/** Builds the semi-analytic model of a task for a student and learning rate (R3), §5.1. */
export function buildSemiAnalyticModel(
  task: Task,
  student: Pick<StudentSpec, 'hiddenDims' | 'initScale'>,
  learningRate: number,
): SemiAnalyticModel {
  const dynamics: ModeDynamics = {
    initScale: student.initScale,
    tau: 1 / learningRate,
    depth: student.hiddenDims.length + 1,
  };
  assertModeDynamics(dynamics);
  const { u, v, s } = task.svd31;
  const modes = u.cols;
  const n1 = v.rows;
  const inputScale = new Float64Array(modes);
  const sHat = Float64Array.from(s);
  for (let k = 0; k < modes; k++) {
    if (task.sigma11Kind === 'identity') inputScale[k] = 1;
    else if (task.sigma11Kind === 'scaled') inputScale[k] = task.sigma11Scale;
    else {
      let q = 0;
      const sig = task.sigma11.data;
      for (let i = 0; i < n1; i++) {
        let r = 0;
        for (let j = 0; j < n1; j++) r += sig[i * n1 + j] * v.data[j * modes + k];
        q += v.data[i * modes + k] * r;
      }
      inputScale[k] = task.sigma11Kind === 'projector' ? snap(q) : Math.max(0, q);
    }
    // A direction with no input variance receives no gradient; its Σ31 value is rounding noise.
    if (inputScale[k] < 1e-12) {
      inputScale[k] = 0;
      sHat[k] = 0;
    }
  }
  const studentRank = Math.min(n1, u.rows, ...student.hiddenDims);
  return { task, sHat, teacherProjection: teacherProjections(task), inputScale, studentRank, dynamics };
}

/** Train and test error of (5.3) and the strengths s_k(t) (all modes, 0 beyond the student's rank) at t epochs, §5.1. */
export function semiAnalyticPoint(
  model: SemiAnalyticModel,
  t: number,
): { trainError: number; testError: number; strengths: Float64Array } {
  if (!(t >= 0 && t < Infinity)) throw new RangeError(`t must be a finite number ≥ 0 (epochs), got ${t}`);
  const { task, sHat, teacherProjection: cs, inputScale, studentRank } = model;
  const modes = sHat.length;
  const strengths = new Float64Array(modes);
  let test = task.teacherNormSq;
  let residual = 0; // ‖E‖² = Σ (ŝ_k − c_k s_k)² when XᵀX = I_P or Σ11 = D·I
  let quad = 0; // Σ c_k s_k² − 2 Σ s_k ŝ_k, for the general form
  for (let k = 0; k < modes; k++) {
    let gap = sHat[k];
    if (k < studentRank) {
      const o = { ...model.dynamics, inputScale: inputScale[k] };
      const st = stateUnchecked(t, sHat[k], o);
      strengths[k] = st.strength;
      // ŝ − c·s = c·shortfall, accurate near convergence (shortfall is measured from ŝ/c).
      gap =
        inputScale[k] > 0 && sHat[k] > inputScale[k] * model.dynamics.initScale
          ? inputScale[k] * st.shortfall
          : sHat[k] - inputScale[k] * st.strength;
    }
    const s = strengths[k];
    test += s * s - 2 * s * cs[k];
    residual += gap * gap;
    quad += inputScale[k] * s * s - 2 * s * sHat[k];
  }
  let trainResidual: number;
  if (task.sigma11Kind === 'scaled') trainResidual = residual / task.sigma11Scale + task.unfittableSq;
  else if (task.sigma11Kind === 'general') trainResidual = Math.max(0, quad + task.targetNormSq);
  else trainResidual = residual;
  return {
    trainError: trainResidual / task.targetNormSq,
    testError: Math.max(0, test) / task.teacherNormSq,
    strengths,
  };
}

/** The semi-analytic curves on the epoch grid 0, r, 2r, … ≤ epochs, in the RunRecord layout (R3), §5.1. */
export function semiAnalyticCurves(
  task: Task,
  student: Pick<StudentSpec, 'hiddenDims' | 'initScale'>,
  training: TrainingSpec,
): { epochs: number[]; trainError: number[]; testError: number[]; modeStrengths: number[][] } {
  const model = buildSemiAnalyticModel(task, student, training.learningRate);
  const epochs = epochGrid(training.epochs, training.reportEvery);
  const modes = model.sHat.length;
  const trainError: number[] = [];
  const testError: number[] = [];
  const modeStrengths: number[][] = Array.from({ length: modes }, () => []);
  for (const t of epochs) {
    const p = semiAnalyticPoint(model, t);
    trainError.push(p.trainError);
    testError.push(p.testError);
    for (let k = 0; k < modes; k++) modeStrengths[k].push(p.strengths[k]);
  }
  return { epochs, trainError, testError, modeStrengths };
}

/** Global continuous-time minimum of the semi-analytic test curve on [0, horizon] epochs (§6). */
export function semiAnalyticOptimalStopping(model: SemiAnalyticModel, horizon: number): StoppingPoint {
  const anchors: number[] = [];
  const top = Math.min(model.studentRank, model.task.sBar.length + 2);
  for (let k = 0; k < top; k++) {
    const o = { ...model.dynamics, inputScale: model.inputScale[k] };
    anchors.push(...modeTimeAnchors(model.sHat[k], o, horizon, [Math.abs(model.teacherProjection[k])]));
  }
  return globalMinimum((t) => semiAnalyticPoint(model, t).testError, horizon, { anchors });
}
