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
}

/** An outcome with holds = |measured − predicted| ≤ tolerance (NaN never holds), §11. */
export function absOutcome(claim: string, name: string, measured: number, predicted: number, tolerance: number, detail?: string): CheckOutcome {
  const holds = Math.abs(measured - predicted) <= tolerance;
  return { claim, name, measured, predicted, tolerance, comparison: 'abs', holds, detail };
}

/** An outcome with holds = measured ≤ predicted + tolerance (NaN never holds), §11. */
export function atMostOutcome(claim: string, name: string, measured: number, predicted: number, tolerance: number, detail?: string): CheckOutcome {
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

/** Whether every outcome holds, §11. */
export function allHold(outcomes: readonly CheckOutcome[]): boolean {
  return outcomes.every((o) => o.holds);
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
  for (const [k, v] of Object.entries(impl)) out[k] = typeof v === 'function' ? safely(v as (...a: unknown[]) => number) : v;
  return out as T;
}
