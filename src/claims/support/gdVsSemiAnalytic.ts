import type { UpdateOrder } from '../../config/simulationConfig.js';
import { c2StrengthBound } from '../../dynamics/modeStiffness.js';
import type { SemiAnalyticModel } from '../../theory/semiAnalytic.js';
import { assertSameGrid, type CurveSet } from './curveSet.js';
import { see, worstValue, type WorstValue } from './worstValue.js';

/** How far a GD run is from the semi-analytic prediction (5.3), each part in units of its C2-derived bound (≤ 1 holds). */
export interface GdVsSemiAnalytic {
  /** B of `c2StrengthBound` for the run's top mode, learning rate, depth and update order. */
  readonly bound: number;
  /** max over modes and epochs of |s_GD − s(t; ŝ)|/max(ŝ_k/c_k, ε), in units of B (C2). */
  readonly strength: WorstValue;
  /** max over epochs of |ln ε_test^GD − ln ε_test^semi| in units of its bound (C10a). */
  readonly test: WorstValue;
  /** max over epochs of |ln ε_train^GD − ln ε_train^semi| in units of its bound (C10a). */
  readonly train: WorstValue;
}

/** What `strength` measures, with the bound B (the text of the C2 outcome). */
export function strengthGapName(bound: number): string {
  return `max |s_GD − s(t;ŝ)|/max(ŝ_k/c_k, ε) in units of B = ${bound.toExponential(3)}`;
}

/** Largest |Δ ln ε| that an error change of at most `delta` can cause at error level e. */
function lnBound(delta: number, e: number): number {
  return delta >= e ? Infinity : -Math.log1p(-delta / e);
}

/**
 * GD vs the semi-analytic prediction (5.3) on a shared grid, within the C2 bound converted to error units (§11 C2, C10a).
 * With |e_k| ≤ δ_k = B·max(ŝ_k/c_k, ε) on every strength, |Δ test|·‖W̄‖² ≤ Σ δ_k(2|s_k − c_k| + δ_k) and
 * |Δ ‖E‖²| ≤ Σ c_kδ_k(c_kδ_k + 2|ŝ_k − c_k s_k|) (÷D for Σ11 = D·I); in ln that is −ln(1 − Δ/ε), §5.1.
 */
export function gdVsSemiAnalytic(
  model: SemiAnalyticModel,
  semi: CurveSet,
  gd: CurveSet,
  learningRate: number,
  update: UpdateOrder,
): GdVsSemiAnalytic {
  assertSameGrid(semi, gd);
  if (!semi.modeStrengths || !gd.modeStrengths)
    throw new RangeError('gdVsSemiAnalytic needs mode strengths in both curve sets');
  const { sHat, teacherProjection: cs, inputScale, studentRank, task } = model;
  const eps = model.dynamics.initScale;
  const c1 = inputScale[0] > 0 ? inputScale[0] : 1;
  const b = c2StrengthBound({
    topLimit: sHat[0] / c1,
    inputScale: c1,
    initScale: eps,
    learningRate,
    depth: model.dynamics.depth,
    update,
  });
  const strength = worstValue();
  const test = worstValue();
  const train = worstValue();
  const trainDivisor = task.sigma11Kind === 'scaled' ? task.sigma11Scale : 1;
  for (let i = 0; i < semi.epochs.length; i++) {
    let dTest = 0;
    let dTrain = 0;
    for (let k = 0; k < studentRank; k++) {
      const scale = Math.max(inputScale[k] > 0 ? sHat[k] / inputScale[k] : 0, eps);
      const s = semi.modeStrengths[k][i];
      see(strength, Math.abs(gd.modeStrengths[k][i] - s) / scale / b, () => `mode ${k} epoch ${semi.epochs[i]}`);
      const d = b * scale;
      dTest += d * (2 * Math.abs(s - cs[k]) + d);
      const cd = inputScale[k] * d;
      dTrain += cd * (cd + 2 * Math.abs(sHat[k] - inputScale[k] * s));
    }
    // Rounding of the recorded errors (sums over N3·N1 entries) is far below 1e-12 relative.
    const tb = lnBound(dTest / task.teacherNormSq + 1e-12 * semi.testError[i], semi.testError[i]);
    const rb = lnBound(dTrain / trainDivisor / task.targetNormSq + 1e-12 * semi.trainError[i], semi.trainError[i]);
    see(
      test,
      Math.abs(Math.log(gd.testError[i] / semi.testError[i])) / tb,
      () => `epoch ${semi.epochs[i]}: |Δ ln ε_test| bound ${tb}`,
    );
    see(
      train,
      Math.abs(Math.log(gd.trainError[i] / semi.trainError[i])) / rb,
      () => `epoch ${semi.epochs[i]}: |Δ ln ε_train| bound ${rb}`,
    );
  }
  return { bound: b, strength, test, train };
}
