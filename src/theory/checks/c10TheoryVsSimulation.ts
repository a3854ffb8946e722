import type { UpdateOrder } from '../../config/simulationConfig.js';
import { halfTime } from '../../dynamics/modeStrength.js';
import { c2StrengthBound } from '../../dynamics/modeStiffness.js';
import type { AsymptoticModel } from '../asymptoticModel.js';
import { sampledOptimalStopping, type StoppingPoint } from '../optimalStopping.js';
import type { SemiAnalyticModel } from '../semiAnalytic.js';
import { atMostOutcome, Worst, type CheckOutcome } from './checkOutcome.js';

/** Error curves on a shared epoch grid (a simulation run, a semi-analytic or a theory prediction). */
export interface CurveSet {
  readonly epochs: readonly number[];
  readonly trainError: readonly number[];
  readonly testError: readonly number[];
  readonly modeStrengths?: readonly (readonly number[])[];
}

/** Largest |Δ ln ε| that an error change of at most `delta` can cause at error level e. */
function lnBound(delta: number, e: number): number {
  return delta >= e ? Infinity : -Math.log1p(-delta / e);
}

function assertSameGrid(a: CurveSet, b: CurveSet): void {
  if (a.epochs.length !== b.epochs.length || a.epochs.some((t, i) => t !== b.epochs[i])) {
    throw new RangeError('the two curve sets must share the same epoch grid');
  }
}

/**
 * Claim C10(a): GD vs the semi-analytic prediction (5.3) within the C2 bound converted to error units.
 * With |e_k| ≤ δ_k = B·max(ŝ_k, ε) on every strength, |Δ test|·‖W̄‖² ≤ Σ δ_k(2|s_k − c_k| + δ_k) and
 * |Δ ‖E‖²| ≤ Σ c_kδ_k(c_kδ_k + 2|ŝ_k − c_k s_k|) (÷D for Σ11 = D·I); in ln that is −ln(1 − Δ/ε). Outcomes:
 * C2 itself, then test and train curves in units of their per-epoch bound (≤ 1 holds). §5.1, §11 C2, C10.
 */
export function checkC10a(
  model: SemiAnalyticModel,
  semi: CurveSet,
  gd: CurveSet,
  learningRate: number,
  update: UpdateOrder,
): CheckOutcome[] {
  assertSameGrid(semi, gd);
  if (!semi.modeStrengths || !gd.modeStrengths)
    throw new RangeError('checkC10a needs mode strengths in both curve sets');
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
  const strength = new Worst();
  const test = new Worst();
  const train = new Worst();
  const trainDivisor = task.sigma11Kind === 'scaled' ? task.sigma11Scale : 1;
  for (let i = 0; i < semi.epochs.length; i++) {
    let dTest = 0;
    let dTrain = 0;
    for (let k = 0; k < studentRank; k++) {
      const scale = Math.max(inputScale[k] > 0 ? sHat[k] / inputScale[k] : 0, eps);
      const s = semi.modeStrengths[k][i];
      strength.see(Math.abs(gd.modeStrengths[k][i] - s) / scale / b, () => `mode ${k} epoch ${semi.epochs[i]}`);
      const d = b * scale;
      dTest += d * (2 * Math.abs(s - cs[k]) + d);
      const cd = inputScale[k] * d;
      dTrain += cd * (cd + 2 * Math.abs(sHat[k] - inputScale[k] * s));
    }
    // Rounding of the recorded errors (sums over N3·N1 entries) is far below 1e-12 relative.
    const tb = lnBound(dTest / task.teacherNormSq + 1e-12 * semi.testError[i], semi.testError[i]);
    const rb = lnBound(dTrain / trainDivisor / task.targetNormSq + 1e-12 * semi.trainError[i], semi.trainError[i]);
    test.see(
      Math.abs(Math.log(gd.testError[i] / semi.testError[i])) / tb,
      () => `epoch ${semi.epochs[i]}: |Δ ln ε_test| bound ${tb}`,
    );
    train.see(
      Math.abs(Math.log(gd.trainError[i] / semi.trainError[i])) / rb,
      () => `epoch ${semi.epochs[i]}: |Δ ln ε_train| bound ${rb}`,
    );
  }
  return [
    atMostOutcome(
      'C2',
      `max |s_GD − s(t;ŝ)|/max(ŝ_k/c_k, ε) in units of B = ${b.toExponential(3)}`,
      strength.value,
      0,
      1,
      strength.detail,
    ),
    atMostOutcome(
      'C10',
      '(a) |ln ε_test^GD − ln ε_test^semi| in units of the C2-derived bound',
      test.value,
      0,
      1,
      test.detail,
    ),
    atMostOutcome(
      'C10',
      '(a) |ln ε_train^GD − ln ε_train^semi| in units of the C2-derived bound',
      train.value,
      0,
      1,
      train.detail,
    ),
  ];
}

/** ln ε of a recorded curve at time t by linear interpolation of ln ε between recorded epochs, §11 C10. */
export function interpolateLn(epochs: readonly number[], errors: readonly number[], t: number): number {
  if (t <= epochs[0]) return Math.log(errors[0]);
  for (let i = 1; i < epochs.length; i++) {
    if (t <= epochs[i]) {
      const f = (t - epochs[i - 1]) / (epochs[i] - epochs[i - 1]);
      return (1 - f) * Math.log(errors[i - 1]) + f * Math.log(errors[i]);
    }
  }
  return Math.log(errors[errors.length - 1]);
}

/**
 * Ratio of the deep to the one-hidden-layer learning time of the weakest learned detectable mode:
 * the audited C10 t_opt tolerance (calibrated for D_w = 2, in τ) is scaled by it for deeper students, §3.3, §11 C10.
 */
export function learningTimeScale(model: AsymptoticModel): number {
  if (model.dynamics.depth === 2) return 1;
  const weak = model.signals.filter((m) => m.learned && m.detectable).map((m) => m.sHat);
  if (weak.length === 0) return 1;
  const s = Math.min(...weak);
  if (!(s > 2 * model.dynamics.initScale)) return 1;
  return halfTime(s, model.dynamics) / halfTime(s, { ...model.dynamics, depth: 2 });
}

/** Settings of a C10(b) comparison. */
export interface C10bOptions {
  /** N3, which sets every audited tolerance (k/√N3). */
  readonly outputDim: number;
  /** τ_eff in epochs. */
  readonly tau: number;
  /** Factor on the t_opt time tolerance (learningTimeScale for deep students). */
  readonly timeScale?: number;
  /** The theory's continuous-time optimum; otherwise the minimum over the theory's samples. */
  readonly theoryOptimum?: StoppingPoint;
  readonly label?: string;
  /**
   * 'pointwise' (default): the audited D_w = 2 curve bounds. 'band': for deep students, whose sharp
   * transitions make pointwise log gaps large, each simulated value must lie within the theory's range
   * over ±2.5·timeScale·τ/√N3 (THEORY's time-shift band, scaled like every learning time) up to
   * 6/√N3 (test) or 2.5/√N3 (train, while ε_train^sim > 0.1) in ln.
   */
  readonly curves?: 'pointwise' | 'band';
}

/** Largest distance of ln sim from the range of ln theory over a ±w window around each epoch. */
function bandDistance(
  epochs: readonly number[],
  theory: readonly number[],
  sim: readonly number[],
  w: number,
  only: (i: number) => boolean,
): Worst {
  const out = new Worst();
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < epochs.length; i++) {
    while (epochs[lo] < epochs[i] - w) lo++;
    while (hi + 1 < epochs.length && epochs[hi + 1] <= epochs[i] + w) hi++;
    if (!only(i)) continue;
    let min = Infinity;
    let max = -Infinity;
    for (let j = lo; j <= hi; j++) {
      const v = Math.log(theory[j]);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    const x = Math.log(sim[i]);
    out.see(Math.max(0, min - x, x - max), () => `epoch ${epochs[i]}`);
  }
  return out;
}

/**
 * Claim C10(b), audited per-seed tolerances: |min ln ε_sim − min ln ε_th| ≤ 6/√N3; t_opt passes if
 * |Δt_opt|/τ ≤ 4·scale/√N3 or ln ε_sim(t_opt^th) − min ln ε_sim ≤ 2/√N3; train |Δ ln ε| ≤ 2.5/√N3 while
 * ε_train^sim > 0.1 and |Δ ε_train| ≤ 1.5/√N3 throughout; test pointwise |Δ ln ε| ≤ 12/√N3. §11 C10.
 */
export function checkC10b(theory: CurveSet, sim: CurveSet, o: C10bOptions): CheckOutcome[] {
  assertSameGrid(theory, sim);
  const root = Math.sqrt(o.outputDim);
  const tag = o.label ? ` (${o.label})` : '';
  const simOpt = sampledOptimalStopping(sim.epochs, sim.testError);
  const thOpt = o.theoryOptimum ?? sampledOptimalStopping(theory.epochs, theory.testError);
  const minGap = Math.abs(Math.log(simOpt.minError) - Math.log(thOpt.minError));
  const dt = Math.abs(simOpt.tOpt - thOpt.tOpt) / o.tau / ((4 * (o.timeScale ?? 1)) / root);
  const rise = (interpolateLn(sim.epochs, sim.testError, thOpt.tOpt) - Math.log(simOpt.minError)) / (2 / root);
  const head = [
    atMostOutcome(
      'C10',
      `(b) |min ln ε_test^sim − min ln ε_test^th| ≤ 6/√N3${tag}`,
      minGap,
      0,
      6 / root,
      `sim ${simOpt.minError} at ${simOpt.tOpt}, theory ${thOpt.minError} at ${thOpt.tOpt}`,
    ),
    atMostOutcome(
      'C10',
      `(b) t_opt: min(|Δt|/(4·scale·τ/√N3), rise of sim at t_opt^th/(2/√N3)) ≤ 1${tag}`,
      Math.min(dt, rise),
      0,
      1,
      `Δt term ${dt.toFixed(3)}, rise term ${rise.toFixed(3)}`,
    ),
  ];
  if (o.curves === 'band') {
    const w = (2.5 * (o.timeScale ?? 1) * o.tau) / root;
    const test = bandDistance(sim.epochs, theory.testError, sim.testError, w, () => true);
    const train = bandDistance(sim.epochs, theory.trainError, sim.trainError, w, (i) => sim.trainError[i] > 0.1);
    return [
      ...head,
      atMostOutcome(
        'C10',
        `(b) ln ε_train within the ±${w.toFixed(0)}-epoch band of theory to 2.5/√N3 while ε_train^sim > 0.1${tag}`,
        train.value,
        0,
        2.5 / root,
        train.detail,
      ),
      atMostOutcome(
        'C10',
        `(b) ln ε_test within the ±${w.toFixed(0)}-epoch band of theory to 6/√N3${tag}`,
        test.value,
        0,
        6 / root,
        test.detail,
      ),
    ];
  }
  const trainLn = new Worst();
  const trainAbs = new Worst();
  const testLn = new Worst();
  for (let i = 0; i < sim.epochs.length; i++) {
    const at = () => `epoch ${sim.epochs[i]}`;
    if (sim.trainError[i] > 0.1) trainLn.see(Math.abs(Math.log(sim.trainError[i] / theory.trainError[i])), at);
    trainAbs.see(Math.abs(sim.trainError[i] - theory.trainError[i]), at);
    testLn.see(Math.abs(Math.log(sim.testError[i] / theory.testError[i])), at);
  }
  return [
    ...head,
    atMostOutcome(
      'C10',
      `(b) |Δ ln ε_train| ≤ 2.5/√N3 while ε_train^sim > 0.1${tag}`,
      trainLn.value,
      0,
      2.5 / root,
      trainLn.detail,
    ),
    atMostOutcome(
      'C10',
      `(b) |Δ ε_train| ≤ 1.5/√N3 over the run${tag}`,
      trainAbs.value,
      0,
      1.5 / root,
      trainAbs.detail,
    ),
    atMostOutcome('C10', `(b) |Δ ln ε_test| ≤ 12/√N3 pointwise${tag}`, testLn.value, 0, 12 / root, testLn.detail),
  ];
}
