import type { AnyClaim, Scale } from './claim.js';

/** The largest false-failure probability a whole CI run of the suite may have. */
export const SUITE_FALSE_FAILURE_BUDGET = 1e-3;

/**
 * Union bound on the probability that a run of `claims` fails although the code is right:
 * Σ over claims of (instances × per-instance false-failure probability). Exact claims add 0.
 * Recorded counterexamples add nothing: they are fixed instances that are known to pass.
 */
export function suiteFalseFailureBound(claims: readonly AnyClaim[], scale: Scale = 'ci'): number {
  return claims.reduce((sum, c) => sum + c.instances[scale] * c.falseFailure.perInstance, 0);
}
