import { atMost, worstOf, type Outcome } from '../claim.js';

/** Run length of C19's shape checks: 10τ at σ_z = 1 as in F3 (10000 epochs at λ = 1e-3), i.e. 10τ/σ_z by scale invariance (§9.8). */
export const C19_HORIZON_TAU = 10;
/** Required rise of ln ε_test from its minimum to the end of the run (§11 C19). */
export const C19_RISE = 0.1;

/**
 * C19's shape per run: the argmin `optIndex` of ε_test lies strictly inside the records, ln ε_test ends at least
 * C19_RISE above its minimum `minError`, and ε_train never increases between records (absolute slack 1e-12: one
 * rounding of a normalised error ≤ 1 per record). `context` (e.g. ", leaky slope 0.2") is appended to each detail.
 */
export function shapeOutcome(
  testError: ArrayLike<number>,
  trainError: ArrayLike<number>,
  optIndex: number,
  minError: number,
  context = '',
): Outcome {
  const last = testError.length - 1;
  const rise = Math.log(testError[last]) - Math.log(minError);
  let up = 0;
  let where = '';
  for (let i = 1; i <= last; i++) {
    const d = trainError[i] - trainError[i - 1];
    if (d > up) {
      up = d;
      where = `record ${i}`;
    }
  }
  return worstOf([
    // Strictly inside: at least one record from either end (ratio 1/distance).
    atMost(
      1 / Math.min(optIndex, last - optIndex),
      0,
      1,
      `argmin of ε_test at record ${optIndex} of 0…${last}${context} (must be strictly inside)`,
    ),
    // Rise: ratio C19_RISE/rise ≤ 1.
    atMost(
      C19_RISE / Math.max(rise, 0),
      0,
      1,
      `ln ε_test(end) − min ln ε_test = ${rise}${context} (must be ≥ ${C19_RISE})`,
    ),
    atMost(up, 0, 1e-12, `largest increase of ε_train between records (${where || 'none'})${context}`),
  ]);
}
