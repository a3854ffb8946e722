/**
 * The outcome of one checkable claim (THEORY.md §11), in the shape a claims registry records:
 * what was measured, what the claim predicts, the tolerance, and whether it holds.
 */
export interface CheckOutcome {
  /** Claim id, e.g. 'C3'. */
  readonly claim: string;
  /** What was checked, e.g. 't(s(t)) = t for (3.7)'. */
  readonly name: string;
  readonly measured: number;
  readonly predicted: number;
  readonly tolerance: number;
  /** 'abs': |measured − predicted| ≤ tolerance; 'atMost': measured ≤ predicted + tolerance. */
  readonly comparison: 'abs' | 'atMost';
  readonly holds: boolean;
  /** Where the worst case occurred (parameters), for the report. */
  readonly detail?: string;
  /**
   * True when the item does not apply at this point (e.g. a round trip where the inversion is ill
   * conditioned): the outcome then only records whether the computed value was finite.
   */
  readonly skipped?: boolean;
}

/** An outcome with holds = measured ≤ predicted + tolerance (NaN never holds), §11. */
export function atMostOutcome(
  claim: string,
  name: string,
  measured: number,
  predicted: number,
  tolerance: number,
  detail?: string,
): CheckOutcome {
  const holds = measured <= predicted + tolerance;
  return { claim, name, measured, predicted, tolerance, comparison: 'atMost', holds, detail };
}

/** Tracks the worst value of a deviation over a sweep, with a description of where it happened. */
export class Worst {
  value: number;
  detail = '';
  /** Starts at `start` (0 for magnitudes; −∞ for signed excesses, so a negative maximum is reported as such). */
  constructor(start = 0) {
    this.value = start;
  }
  /** Records v (NaN counts as +∞, so it can never be hidden). */
  see(v: number, detail: () => string): void {
    const x = Number.isNaN(v) ? Infinity : v;
    if (x > this.value || (this.detail === '' && x >= this.value)) {
      this.value = x;
      this.detail = detail();
    }
  }
}

/** An outcome's excess over its prediction in units of its tolerance (the excess itself for tolerance 0; NaN counts as +∞), §11. */
function excess(o: CheckOutcome): number {
  const d =
    o.comparison === 'abs' ? Math.abs(o.measured - o.predicted) - o.tolerance : o.measured - o.predicted - o.tolerance;
  const r = o.tolerance > 0 ? d / o.tolerance : d;
  return Number.isNaN(r) ? Infinity : r;
}

/**
 * The outcome closest to failing (or the first failing one) among outcomes of the same item at many
 * points; outcomes that were skipped count only if they fail or nothing else applied, §11.
 */
export function worstOutcome(outcomes: readonly CheckOutcome[]): CheckOutcome {
  if (outcomes.length === 0) throw new RangeError('worstOutcome needs at least one outcome');
  let worst = outcomes[0];
  const rank = (o: CheckOutcome) => (!o.holds ? 2 : o.skipped ? 0 : 1);
  for (const o of outcomes) {
    const a = rank(o);
    const b = rank(worst);
    if (a > b || (a === b && a > 0 && excess(o) > excess(worst))) worst = o;
  }
  return worst;
}

/** f with any exception turned into NaN, so a broken implementation fails a check instead of aborting it, §11. */
export function safely<A extends unknown[]>(f: (...args: A) => number): (...args: A) => number {
  return (...args: A) => {
    try {
      return f(...args);
    } catch {
      return NaN;
    }
  };
}

/** Every function-valued field of an implementation record wrapped by `safely`, §11. */
export function guarded<T extends object>(impl: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(impl))
    out[k] = typeof v === 'function' ? safely(v as (...a: unknown[]) => number) : v;
  return out as T;
}
