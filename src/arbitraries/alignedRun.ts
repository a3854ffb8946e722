import fc from 'fast-check';
import type { UpdateOrder } from '../config/simulationConfig.js';
import { arbLogUniform, arbSeed, arbUniform } from './primitives.js';

/**
 * A training-aligned GD run on a single task in THEORY.md C1's domain (§11 C1), as plain JSON:
 * the task, a deep linear student of widths ≤ min(N1, N3), the initial scale, the update order, and
 * how long the run lasts relative to the top mode's learning time. Matrices are drawn from `seed`.
 */
export interface AlignedRunSpec {
  readonly inputDim: number;
  readonly outputDim: number;
  /** P = examplesFactor·N1 with orthogonal inputs, so Σ11 = I or 2·I. */
  readonly examplesFactor: 1 | 2;
  readonly hiddenDims: readonly number[];
  /** s̄, non-increasing (zeros allowed); its length is the teacher rank. */
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
  readonly initScale: number;
  /**
   * The run should last horizonFactor half-times of the top mode (τ if it does not grow) in about
   * targetEpochs steps: the top mode's per-step stiffness λ_eff = λ c (D_w/2) S^{2−2/D_w}, S = max(ŝ1/c, ε)
   * (λŝ1 for D_w = 2, c = 1), is chosen for that within [minStiffness, maxStiffness]; the run is capped at maxEpochs.
   */
  readonly horizonFactor: number;
  readonly targetEpochs: number;
  readonly maxEpochs: number;
  readonly minStiffness: number;
  readonly maxStiffness: number;
  readonly update: UpdateOrder;
  readonly seed: number;
}

/** Constraints of `arbAlignedRun`; every field has a default, checked when the arbitrary is built. */
export interface AlignedRunConstraints {
  /** Largest N3 (N1 ≤ 4·N3). @defaultValue 8 */
  readonly maxOutputDim?: number;
  /** Cap on the number of GD steps. @defaultValue 1500 */
  readonly maxEpochs?: number;
  /** Depths D_w drawn from (repeat a value to weight it). @defaultValue [2, 2, 3, 4, 5, 6] */
  readonly depths?: readonly number[];
  /** Smallest teacher rank (capped by min(N1, N3)). @defaultValue 0 */
  readonly minRank?: number;
  /** Largest teacher rank. @defaultValue 5 */
  readonly maxRank?: number;
  /** Smallest teacher singular value (values are uniform on [minTeacherValue, 20]). @defaultValue 0 */
  readonly minTeacherValue?: number;
  /** Stiffness range (λŝ1 for D_w = 2). @defaultValue [1e-3, 0.05] */
  readonly minStiffness?: number;
  /** @defaultValue 0.05 */
  readonly maxStiffness?: number;
}

/**
 * Runs in C1's domain: N3 ∈ [1, maxOutputDim], A = N3/N1 ∈ [1/4, 1], hidden widths in [1, min(N1, N3)],
 * rank minRank…maxRank with s̄ uniform on [minTeacherValue, 20], σ_z = 0 (a third of the draws) or uniform on [0, 3],
 * ε log-uniform on [1e-8, 1e-1], either update order, horizons of 0.2–4 top-mode half-times.
 */
export function arbAlignedRun(c: AlignedRunConstraints = {}): fc.Arbitrary<AlignedRunSpec> {
  const {
    maxOutputDim = 8,
    maxEpochs = 1500,
    depths = [2, 2, 3, 4, 5, 6],
    minRank = 0,
    maxRank = 5,
    minTeacherValue = 0,
    minStiffness = 1e-3,
    maxStiffness = 0.05,
  } = c;
  if (!(
    Number.isInteger(minRank) &&
    minRank >= 0 &&
    maxRank >= minRank &&
    minTeacherValue >= 0 &&
    minTeacherValue <= 20
  )) {
    throw new RangeError(`arbAlignedRun: need integers 0 ≤ minRank ≤ maxRank and 0 ≤ minTeacherValue ≤ 20`);
  }
  if (!(Number.isInteger(maxOutputDim) && maxOutputDim >= 1 && Number.isInteger(maxEpochs) && maxEpochs >= 1)) {
    throw new RangeError(
      `arbAlignedRun: need integers maxOutputDim ≥ 1 and maxEpochs ≥ 1, got ${maxOutputDim}, ${maxEpochs}`,
    );
  }
  if (!(depths.length > 0 && depths.every((d) => Number.isInteger(d) && d >= 1)))
    throw new RangeError(`arbAlignedRun: depths must be integers ≥ 1`);
  if (!(minStiffness > 0 && maxStiffness >= minStiffness))
    throw new RangeError(`arbAlignedRun: need 0 < minStiffness ≤ maxStiffness`);
  const maxDepth = Math.max(...depths);
  return fc
    .record({
      n3: fc.integer({ min: 1, max: maxOutputDim }),
      aspect: arbUniform(0.25, 1),
      examplesFactor: fc.constantFrom(1 as const, 1 as const, 2 as const),
      depth: fc.constantFrom(...depths),
      widths: fc.array(arbUniform(), { minLength: Math.max(1, maxDepth - 1), maxLength: Math.max(1, maxDepth - 1) }),
      rank: fc.integer({ min: minRank, max: maxRank }),
      spectrum: fc.array(arbUniform(minTeacherValue, 20), { minLength: maxRank, maxLength: maxRank }),
      noiseStd: fc.oneof(fc.constant(0), arbUniform(0, 3), arbUniform(0, 3)),
      initScale: arbLogUniform(1e-8, 1e-1),
      horizonFactor: arbUniform(0.2, 4),
      targetEpochs: arbUniform(),
      update: fc.constantFrom<UpdateOrder>('sequential', 'simultaneous'),
      seed: arbSeed(),
    })
    .map((d): AlignedRunSpec => {
      const outputDim = d.n3;
      const inputDim = Math.max(outputDim, Math.round(outputDim / d.aspect));
      const maxWidth = Math.min(inputDim, outputDim);
      return {
        inputDim,
        outputDim,
        examplesFactor: d.examplesFactor,
        hiddenDims: d.widths.slice(0, d.depth - 1).map((f) => Math.min(maxWidth, 1 + Math.floor(f * maxWidth))),
        teacherSingularValues: d.spectrum.slice(0, Math.min(d.rank, maxWidth)).sort((a, b) => b - a),
        noiseStd: d.noiseStd,
        initScale: d.initScale,
        horizonFactor: d.horizonFactor,
        targetEpochs: Math.max(
          1,
          Math.round(Math.min(50, maxEpochs) + d.targetEpochs * (maxEpochs - Math.min(50, maxEpochs))),
        ),
        maxEpochs,
        minStiffness,
        maxStiffness,
        update: d.update,
        seed: d.seed,
      };
    });
}
