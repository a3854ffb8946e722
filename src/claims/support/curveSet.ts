/** Error curves on a shared epoch grid (a GD run, a semi-analytic or a theory prediction), as C2 and C10 compare them. */
export interface CurveSet {
  readonly epochs: readonly number[];
  readonly trainError: readonly number[];
  readonly testError: readonly number[];
  readonly modeStrengths?: readonly (readonly number[])[];
}

/** Throws unless the two curve sets share the same epoch grid. */
export function assertSameGrid(a: CurveSet, b: CurveSet): void {
  if (a.epochs.length !== b.epochs.length || a.epochs.some((t, i) => t !== b.epochs[i])) {
    throw new RangeError('the two curve sets must share the same epoch grid');
  }
}
