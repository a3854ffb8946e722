import { epochGrid, type SimulationConfig } from '../config/simulationConfig.js';
import { buildAsymptoticModel, type AsymptoticModel, type TheorySpec } from './asymptoticModel.js';
import { theoryPoint } from './theoryErrors.js';

/**
 * The asymptotic theory's curves for a config, on exactly `epochGrid(epochs, reportEvery)`, the grid
 * `simulate` records.
 *
 * What the theory assumes (§4–§5): large-N limits at fixed aspect ratio; the training-aligned (TA)
 * student, so the initialisation kind does not enter (random students follow it with a lag, §9.4);
 * continuous time (τ = 1/λ), so the update order does not enter; orthonormal inputs — one-hot and
 * orthogonal exactly, Gaussian inputs treated as orthogonal with Σ11 ≈ (P/N1)·I (§9.7); P ≠ N1 and
 * N3 > N1 through the effective spiked model of §4.5 / §0.3; the student fits the top
 * n_fit = min(N2, N3, N1, P) − N̄2 noise modes (R_in, §12 D4); teacher values of 0 count as
 * undetectable teacher modes.
 */
export interface TheoryCurves {
  readonly epochs: number[];
  /** (5.6), or (5.8) for P > N1; normalised by the theory's ‖Ŷ‖². */
  readonly trainError: number[];
  /** (5.5), or (5.7) for P < N1. */
  readonly testError: number[];
  /** modeStrengths[α][i] = s_α at epochs[i], one curve per teacher mode, W units (comparable to diag(ÛᵀWV̂)). */
  readonly modeStrengths: number[][];
  /** Asymptotic Σ31 singular value of each teacher mode (4.4) under §4.5 (D·ŝ_W when P > N1). */
  readonly sHat: number[];
  /** 𝒪 of each teacher mode (4.8) under §4.5. */
  readonly overlap: number[];
  /** Detectability threshold on s̄ (4.3) under §4.5. */
  readonly threshold: number;
  readonly model: AsymptoticModel;
}

/**
 * Theory curves of a (validated) config, R4, §5.2–§5.6: on the grid `simulate` records, or at the given
 * `epochs` (any non-negative times, in epochs, e.g. to evaluate a few points of a long run).
 */
export function theoryCurves(
  config: TheorySpec & Pick<SimulationConfig, 'epochs' | 'reportEvery'>,
  at?: readonly number[],
): TheoryCurves {
  const model = buildAsymptoticModel(config);
  if (at !== undefined) {
    for (const t of at)
      if (!(Number.isFinite(t) && t >= 0))
        throw new RangeError(`theoryCurves: epochs must be finite numbers ≥ 0, got ${t}`);
  }
  const epochs = at !== undefined ? [...at] : epochGrid(config.epochs, config.reportEvery);
  const trainError: number[] = [];
  const testError: number[] = [];
  const modeStrengths: number[][] = model.signals.map(() => []);
  for (const t of epochs) {
    const p = theoryPoint(model, t);
    trainError.push(p.trainError);
    testError.push(p.testError);
    p.strengths.forEach((s, a) => modeStrengths[a].push(s));
  }
  return {
    epochs,
    trainError,
    testError,
    modeStrengths,
    sHat: model.signals.map((m) => m.sHat * model.eff.inputScale),
    overlap: model.signals.map((m) => m.overlap),
    threshold: model.threshold,
    model,
  };
}
