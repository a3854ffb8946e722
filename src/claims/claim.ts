import type fc from 'fast-check';

/** How large the generated instances are: CI sizes, or larger sizes and more instances (`--thorough`). */
export type Scale = 'ci' | 'thorough';

/** `exact`: holds up to floating point on every instance; `statistical`: holds per instance with a stated false-failure probability. */
export type ClaimKind = 'exact' | 'statistical';

/**
 * The result of checking one instance. `ratio` says how close the instance came to failing:
 * |measured − predicted| / tolerance for two-sided checks, its one-sided analogue otherwise;
 * the instance holds iff ratio ≤ 1 (and nothing is NaN).
 */
export interface Outcome {
  readonly measured: number;
  readonly predicted: number;
  readonly tolerance: number;
  readonly holds: boolean;
  readonly ratio: number;
  /** What was measured, in words (printed with failures). */
  readonly detail?: string;
}

/** A deliberately broken implementation the claim must reject: proof that the check has power. */
export interface PlantedBug<I> {
  readonly name: string;
  readonly description: string;
  readonly implementation: I;
}

/**
 * A checkable claim of the theory (THEORY.md §11): data plus a check, one per file (src/claims/README.md). The property tests and
 * `dlgen verify` use the same objects, so no claim logic is written twice. `I` is the piece of
 * implementation the check exercises (the real one by default, a planted bug to show power).
 */
export interface Claim<S, I> {
  /** e.g. "C6" or "C10b". */
  readonly id: string;
  readonly name: string;
  /** What THEORY.md claims, in our words, in the form that is true (and what popular phrasing is false). */
  readonly statement: string;
  /** Where it comes from, e.g. "§4.3 (4.4); §11 C6". */
  readonly reference: string;
  readonly kind: ClaimKind;
  /**
   * Probability that one instance fails although the implementation is right, and where that
   * number comes from (THEORY.md calibration or a derivation). 0 for exact claims.
   */
  readonly falseFailure: { readonly perInstance: number; readonly source: string };
  /** Instances per property run. */
  readonly instances: { readonly ci: number; readonly thorough: number };
  /** Fixed specs (a grid, the paper's settings) checked before the random instances on every run; never shrunk. */
  readonly examples?: readonly S[];
  /** The generator of instance specs (plain JSON; matrices are drawn from a seed inside the spec). */
  arbitrary(scale: Scale): fc.Arbitrary<S>;
  /** The real implementation the check exercises. */
  readonly implementation: I;
  /** Checks one instance against an implementation. */
  check(spec: S, implementation: I): Outcome;
  /** Broken variants the check must catch. At least one. */
  readonly plantedBugs: readonly PlantedBug<I>[];
}

/** A claim of any spec and implementation type, as the registry holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyClaim = Claim<any, any>;

/** Outcome of a two-sided check |measured − predicted| ≤ tolerance. */
export function twoSided(measured: number, predicted: number, tolerance: number, detail?: string): Outcome {
  const ratio = Math.abs(measured - predicted) / tolerance;
  return {
    measured,
    predicted,
    tolerance,
    holds: ratio <= 1 && Number.isFinite(ratio),
    ratio: nanToInf(ratio),
    detail,
  };
}

/** Outcome of a one-sided check measured ≤ bound + tolerance. */
export function atMost(measured: number, bound: number, tolerance: number, detail?: string): Outcome {
  const ratio = tolerance > 0 ? (measured - bound) / tolerance : measured <= bound ? 0 : Infinity;
  return {
    measured,
    predicted: bound,
    tolerance,
    holds: measured <= bound + tolerance,
    ratio: nanToInf(ratio),
    detail,
  };
}

/** Outcome of a one-sided check measured ≥ bound − tolerance. */
export function atLeast(measured: number, bound: number, tolerance: number, detail?: string): Outcome {
  const ratio = tolerance > 0 ? (bound - measured) / tolerance : measured >= bound ? 0 : Infinity;
  return {
    measured,
    predicted: bound,
    tolerance,
    holds: measured >= bound - tolerance,
    ratio: nanToInf(ratio),
    detail,
  };
}

/** The outcome of several sub-checks: the one closest to failing (the first failing one wins). */
export function worstOf(outcomes: readonly Outcome[]): Outcome {
  let worst = outcomes[0];
  for (const o of outcomes) {
    if (!o.holds && worst.holds) worst = o;
    else if (o.holds === worst.holds && o.ratio > worst.ratio) worst = o;
  }
  return worst;
}

function nanToInf(x: number): number {
  return Number.isNaN(x) ? Infinity : x;
}
