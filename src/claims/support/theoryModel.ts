import { buildAsymptoticModel, type AsymptoticModel, type TheorySpec } from '../../theory/asymptoticModel.js';
import type { StoppingPoint } from '../../theory/optimalStopping.js';
import { theoryPoint } from '../../theory/theoryErrors.js';
import { theoryOptimalStopping } from '../../theory/theoryOptimalStopping.js';

/** What the theory claims C12 and C15 exercise: the asymptotic model (§4–§5), its test error (5.5)/(5.7) and its global optimum (§6). */
export interface TheoryOptimumImpl {
  model(spec: TheorySpec): AsymptoticModel;
  testError(model: AsymptoticModel, t: number): number;
  optimum(model: AsymptoticModel, horizon: number): StoppingPoint;
}

/** The library's theory. */
export const realTheoryOptimum: TheoryOptimumImpl = {
  model: buildAsymptoticModel,
  testError: (model, t) => theoryPoint(model, t, { train: false }).testError,
  optimum: theoryOptimalStopping,
};

/** The task and initial scale of a theory configuration, without the student's widths and λ. */
export interface TheoryTask {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly examples: number;
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
  readonly initScale: number;
}

/** The TheorySpec of a task with the given hidden widths, at λ = `learningRate` (1 by default: times in units of τ). */
export function theorySpecAt(s: TheoryTask, hiddenDims: readonly number[], learningRate = 1): TheorySpec {
  return {
    inputDim: s.inputDim,
    outputDim: s.outputDim,
    examples: s.examples,
    hiddenDims,
    teacherSingularValues: s.teacherSingularValues,
    noiseStd: s.noiseStd,
    learningRate,
    initScale: s.initScale,
  };
}

/** The theory spec of a task with P examples; hidden width N2 = max(N1, N3) (every mode reachable), λ = 1 (C15). */
export function theorySpecWithExamples(s: Omit<TheoryTask, 'examples'>, p: number): TheorySpec {
  return theorySpecAt({ ...s, examples: p }, [Math.max(s.inputDim, s.outputDim)]);
}

/** Slack of exact comparisons of theory values: quadrature relTol 1e-11 and the optimiser's value accuracy (ACCURACY.md §2, §4). */
export const THEORY_VALUE_REL = 1e-9;
