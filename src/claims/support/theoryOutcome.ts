import type { CheckOutcome } from '../../theory/checks/checkOutcome.js';
import { atMost, twoSided, worstOf, type Outcome } from '../claim.js';

/**
 * The one adapter from src/theory/checks outcomes to claim Outcomes: the comparison is kept
 * ('abs' → twoSided, 'atMost' → atMost) and the check's name, its detail and an optional prefix
 * (e.g. 'mean of 5 draws: ') become the Outcome's detail.
 */
export function claimOutcome(o: CheckOutcome, prefix = ''): Outcome {
  const detail = `${prefix}${o.name}${o.detail ? ` — ${o.detail}` : ''}`;
  return o.comparison === 'abs'
    ? twoSided(o.measured, o.predicted, o.tolerance, detail)
    : atMost(o.measured, o.predicted, o.tolerance, detail);
}

/** The worst of several src/theory/checks outcomes, as a claim Outcome (see claimOutcome). */
export function worstClaimOutcome(outcomes: readonly CheckOutcome[], prefix = ''): Outcome {
  return worstOf(outcomes.map((o) => claimOutcome(o, prefix)));
}
