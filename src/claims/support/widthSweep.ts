import { buildAsymptoticModel, type AsymptoticModel, type TheorySpec } from '../../theory/asymptoticModel.js';
import { learningTimeScale } from '../../theory/learningTimeScale.js';
import { realTheoryOptimum, theorySpecAt, type TheoryOptimumImpl, type TheoryTask } from './theoryModel.js';

/** A theory implementation whose model is built from a modified spec (planted bugs of C12(a), C12(b)). */
export function theoryWithSpec(modify: (spec: TheorySpec) => TheorySpec): TheoryOptimumImpl {
  return { ...realTheoryOptimum, model: (spec) => buildAsymptoticModel(modify(spec)) };
}

/** The theory spec of a C12 task with D_w − 1 hidden layers of width N2, at λ = 1. */
export function theorySpecOfWidth(s: TheoryTask & { depth: number }, n2: number): TheorySpec {
  return theorySpecAt(
    s,
    Array.from({ length: s.depth - 1 }, () => n2),
  );
}

/** Horizon of C12's theory scans: 10τ for D_w = 2, scaled by the deep/shallow learning-time ratio (τ = 1 epoch here). */
export function widthHorizon(model: AsymptoticModel): number {
  return 10 * learningTimeScale(model);
}
