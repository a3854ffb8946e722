/** The largest value of a deviation seen over a sweep, and where it occurred. */
export interface WorstValue {
  value: number;
  detail: string;
}

/** A tracker starting at `start` (0 for magnitudes; −∞ for signed excesses, so that a negative maximum is reported). */
export function worstValue(start = 0): WorstValue {
  return { value: start, detail: '' };
}

/** Records v at the place `detail()` describes; NaN counts as +∞, so it can never be hidden. */
export function see(w: WorstValue, v: number, detail: () => string): void {
  const x = Number.isNaN(v) ? Infinity : v;
  if (x > w.value || (w.detail === '' && x >= w.value)) {
    w.value = x;
    w.detail = detail();
  }
}
