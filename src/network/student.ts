import type { InitKind, Integrator, UpdateOrder } from '../config/simulationConfig.js';
import type { Mat } from '../linalg/mat.js';

/** A deep linear student: widths, initialisation and update order (THEORY.md §2). */
export interface StudentSpec {
  /** N2 of each hidden layer; D_w = hiddenDims.length + 1 weight matrices (2.1). */
  readonly hiddenDims: readonly number[];
  readonly init: InitKind;
  /** ε, the singular value of the initial end-to-end map. */
  readonly initScale: number;
  readonly update: UpdateOrder;
}

/** Full-batch gradient-descent settings (2.2). */
export interface TrainingSpec {
  /** λ; τ = 1/λ epochs. */
  readonly learningRate: number;
  readonly epochs: number;
  readonly reportEvery: number;
  /** 'gd' (default) or 'flow': the gradient flow (2.3) recorded at the same epochs. */
  readonly integrator?: Integrator;
  /** Relative tolerance of the flow integrator (default 1e-10). */
  readonly flowTolerance?: number;
}

/** Weight matrices W^1 … W^{D_w}, input side first: layers[0] is N2×N1, the last is N3×N2 (2.1). */
export type Layers = Mat[];

/** One training run's records, at epochs 0, r, 2r, … (Appendix R2). */
export interface RunRecord {
  /** ‖WX − Ŷ‖²/‖Ŷ‖² at each recorded epoch (1.7). */
  readonly trainError: number[];
  /** ‖W − W̄‖²/‖W̄‖² at each recorded epoch (1.6). */
  readonly testError: number[];
  /** modeStrengths[k][i] = (ÛᵀWV̂)_kk at recorded epoch i, for every mode k < min(N1, N3) (3.1). */
  readonly modeStrengths: number[][];
}
