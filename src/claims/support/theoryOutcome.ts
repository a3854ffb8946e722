import type { CheckOutcome } from '../../theory/checks/checkOutcome.js';
import { atMost, twoSided, worstOf, type Outcome } from '../claim.js';

/** A src/theory/checks outcome as a claim Outcome (its name and detail become the Outcome's detail). */
export function claimOutcome(o: CheckOutcome): Outcome {
  const detail = `${o.name}${o.detail ? ` — ${o.detail}` : ''}`;
  return o.comparison === 'abs' ? twoSided(o.measured, o.predicted, o.tolerance, detail) : atMost(o.measured, o.predicted, o.tolerance, detail);
}

/** The worst of several src/theory/checks outcomes, as a claim Outcome. */
export function worstClaimOutcome(outcomes: readonly CheckOutcome[]): Outcome {
  return worstOf(outcomes.map(claimOutcome));
}
