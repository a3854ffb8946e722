import type { InputKind } from '../config/simulationConfig.js';
import type { Mat } from '../linalg/mat.js';
import type { Svd } from '../linalg/svd.js';

/** What defines a single teacher–student task (THEORY.md §1). */
export interface TaskSpec {
  /** N1 */
  readonly inputDim: number;
  /** N3 */
  readonly outputDim: number;
  /** P */
  readonly examples: number;
  /** s̄, non-increasing; its length is the teacher rank N̄2 (zeros allowed). */
  readonly teacherSingularValues: readonly number[];
  /** σ_z: noise entries are N(0, σ_z²/N1) (1.3). */
  readonly noiseStd: number;
  readonly inputs: InputKind;
}

/**
 * Structure of Σ11 = XXᵀ known by construction: exactly I (P = N1 orthogonal or one-hot),
 * exactly D·I (P > N1 orthogonal), a rank-P orthogonal projector (P < N1 orthogonal), or general (Gaussian).
 */
export type InputCorrelationKind = 'identity' | 'scaled' | 'projector' | 'general';

/** A drawn task without the SVD of Σ31: what `buildTask(spec, rng, { svd: false })` returns (1.1)–(1.4). */
export interface TaskData {
  readonly spec: TaskSpec;
  /** W̄ = Ū diag(s̄) V̄ᵀ, N3×N1 (1.1). */
  readonly teacher: Mat;
  /** Ū, N3×N̄2 with orthonormal columns. */
  readonly uBar: Mat;
  readonly sBar: Float64Array;
  /** V̄, N1×N̄2 with orthonormal columns. */
  readonly vBar: Mat;
  /** X, N1×P. */
  readonly x: Mat;
  /** Z, N3×P. */
  readonly noise: Mat;
  /** Ŷ = W̄X + Z, N3×P (1.3). */
  readonly y: Mat;
  readonly sigma11Kind: InputCorrelationKind;
  /** D when Σ11 = D·I ('scaled'), 1 otherwise. */
  readonly sigma11Scale: number;
  /** Σ11 = XXᵀ, N1×N1 (exact I or D·I when known by construction) (1.4). */
  readonly sigma11: Mat;
  /** Σ31 = ŶXᵀ, N3×N1 (1.4). */
  readonly sigma31: Mat;
  /** ‖W̄‖²_F, the test-error normaliser (1.6). */
  readonly teacherNormSq: number;
  /** ‖Ŷ‖²_F, the train-error normaliser (1.7). */
  readonly targetNormSq: number;
  /** ‖Ŷ − Ŷ XᵀX/D‖²_F for 'scaled' inputs: the part of Ŷ no W can fit (0 otherwise). */
  readonly unfittableSq: number;
}

/** A drawn task: teacher, inputs, noise, targets, the training statistics and the SVD of Σ31 (1.1)–(1.5). */
export interface Task extends TaskData {
  /** SVD of Σ31, descending, deterministic signs (1.5). */
  readonly svd31: Svd;
}
