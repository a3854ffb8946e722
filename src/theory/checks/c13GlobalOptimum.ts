import { buildAsymptoticModel, type AsymptoticModel, type TheorySpec } from '../asymptoticModel.js';
import type { StoppingPoint } from '../optimalStopping.js';
import { theoryOptimalStopping } from '../theoryOptimalStopping.js';
import { theoryTestError } from '../theoryErrors.js';
import { atMostOutcome, type CheckOutcome } from './checkOutcome.js';

/** A theory curve to minimise on [0, horizon] epochs. */
export interface StoppingCase {
  readonly name: string;
  readonly model: AsymptoticModel;
  readonly horizon: number;
}

/** The minimiser under test: returns the claimed global minimum of the theory test curve. */
export type TheoryMinimizer = (model: AsymptoticModel, horizon: number) => StoppingPoint;

const BASE: TheorySpec = {
  inputDim: 100,
  outputDim: 50,
  examples: 100,
  hiddenDims: [50],
  teacherSingularValues: [4],
  noiseStd: 1,
  learningRate: 1e-3,
  initScale: 1e-5,
};

/**
 * Default C13 cases: a two-dip curve (widely separated teacher values: the first mode overshoots
 * s̄𝒪 before the second is learned, and the later dip is the deeper), the F3 rank-one and rank-three
 * settings, nothing detectable (minimum at t = 0), a deep student and P < N1, §11 C13.
 */
export function defaultStoppingCases(): StoppingCase[] {
  const make = (name: string, patch: Partial<TheorySpec>, horizon: number): StoppingCase => ({
    name,
    model: buildAsymptoticModel({ ...BASE, ...patch }),
    horizon,
  });
  return [
    make('two dips: s̄ = (12, 2.4), A = 1/2', { teacherSingularValues: [12, 2.4] }, 6000),
    make('F3 rank one s̄ = 4', {}, 5000),
    make('F3 rank three m = 2 (6, 4, 2)', { teacherSingularValues: [6, 4, 2] }, 5000),
    make('undetectable s̄ = 0.5 < θ_A', { teacherSingularValues: [0.5] }, 5000),
    make(
      'deep D_w = 4, ε = 1e-2, s̄ = (6, 1.5)',
      { hiddenDims: [50, 50, 50], initScale: 1e-2, teacherSingularValues: [6, 1.5] },
      5000,
    ),
    make(
      'P = 60 < N1, N3 = N1 = 100',
      { outputDim: 100, hiddenDims: [100], examples: 60, teacherSingularValues: [5, 2] },
      5000,
    ),
  ];
}

/**
 * Claim C13: the returned optimum is global — its value is ≤ the minimum over a dense grid of step
 * 0.005τ_eff + 1e-9, and the curve really takes that value at the returned time (1e-12 relative),
 * so a minimiser cannot pass by under-reporting. §6, §11 C13.
 */
export function checkC13(
  minimize: TheoryMinimizer = theoryOptimalStopping,
  cases: readonly StoppingCase[] = defaultStoppingCases(),
): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  for (const c of cases) {
    const got = minimize(c.model, c.horizon);
    const step = 0.005 * c.model.dynamics.tau;
    const n = Math.ceil(c.horizon / step);
    let dense = Infinity;
    let at = 0;
    for (let i = 0; i <= n; i++) {
      const t = Math.min(c.horizon, i * step);
      const v = theoryTestError(c.model, t);
      if (v < dense) {
        dense = v;
        at = t;
      }
    }
    out.push(
      atMostOutcome(
        'C13',
        `global optimum ≤ dense-grid minimum + 1e-9 (${c.name})`,
        got.minError,
        dense,
        1e-9,
        `returned ${got.minError} at t = ${got.tOpt}; grid minimum ${dense} at t = ${at}`,
      ),
    );
    const inRange = got.tOpt >= 0 && got.tOpt <= c.horizon;
    const actual = inRange ? theoryTestError(c.model, got.tOpt) : NaN;
    out.push(
      atMostOutcome(
        'C13',
        `reported minimum is the curve's value at t_opt (relative) (${c.name})`,
        Math.abs(actual - got.minError) / actual,
        0,
        1e-12,
        `t_opt = ${got.tOpt}, curve ${actual}, reported ${got.minError}`,
      ),
    );
  }
  return out;
}
