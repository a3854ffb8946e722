/** The epoch grid of a run: record at epochs 0, r, 2r, … ≤ epochs, step in between. */
export interface Schedule {
  readonly epochs: number;
  readonly reportEvery: number;
  /** Called after each epoch's step with the epoch index (progress). */
  readonly onEpoch?: (epoch: number) => void;
}

/**
 * The one epoch loop of the step-by-step integrators (reference GD, SGD, the claims' stepped
 * harness): for t = 0 … epochs, `record(t)` at recorded epochs, then (t < epochs) `step(t)`.
 */
export function runSchedule(schedule: Schedule, step: (epoch: number) => void, record: (epoch: number) => void): void {
  for (let t = 0; ; t++) {
    if (t % schedule.reportEvery === 0) record(t);
    if (t >= schedule.epochs) break;
    step(t);
    schedule.onEpoch?.(t);
  }
}
