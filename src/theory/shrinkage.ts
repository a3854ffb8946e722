import { fromFactors, type Mat } from '../linalg/mat.js';
import { svd, type Svd } from '../linalg/svd.js';
import { effectiveSpike, spikeImage, type EffectiveSpike } from '../rmt/effectiveSpike.js';
import { overlap, signalFromNoisy } from '../rmt/spikedModel.js';
import { assertAspect, assertNonNegative, assertScale } from '../rmt/validate.js';
import type { Task } from '../task/task.js';
import { teacherProjections } from './teacherProjections.js';

/**
 * Optimal shrinkage strength (7.1): √((ŝ² − σ²(1+√A)²)(ŝ² − σ²(1−√A)²))/ŝ above the bulk edge σ(1+√A),
 * 0 at or below it — σ·η_A(ŝ/σ), the Gavish–Donoho Frobenius shrinker (σ = 0 gives ŝ) (7.1), §7.
 */
export function shrinkageStrength(sHat: number, aspect: number, scale: number): number {
  assertNonNegative(sHat, 'sHat');
  assertAspect(aspect);
  assertScale(scale, 'scale');
  const r = Math.sqrt(aspect);
  const edge = scale * (1 + r);
  if (sHat <= edge) return 0;
  const prod = (sHat - edge) * (sHat + edge) * (sHat - scale * (1 - r)) * (sHat + scale * (1 - r));
  return Math.sqrt(Math.max(0, prod)) / sHat;
}

/** The first form of (7.1): s̄(ŝ)·𝒪(s̄(ŝ)) with s̄ from the inverse map (4.5); 0 at or below the edge (7.1), §7. */
export function shrinkageStrengthViaSignal(sHat: number, aspect: number, scale: number): number {
  assertNonNegative(sHat, 'sHat');
  assertScale(scale, 'scale');
  if (sHat <= scale * (1 + Math.sqrt(aspect))) return 0;
  const sBar = signalFromNoisy(sHat, aspect, scale);
  return sBar * overlap(sBar, aspect, scale);
}

/** The shrinkage estimate of a teacher from its data. */
export interface ShrinkageEstimate {
  /** Ŵ_shr = Σ_k s_k^shr û_k v̂_kᵀ, N3×N1. */
  readonly weights: Mat;
  readonly strengths: Float64Array;
  readonly svd: Svd;
  /** The spiked model used (aspect and bulk scale after transposing when N3 > N1). */
  readonly eff: EffectiveSpike;
}

/**
 * Applies (7.1) to a concrete Σ31 (N3×N1, noise variance σ_z²/N1) built from `examples` = P inputs
 * (default P = N1): SVD, shrink every mode above the edge of §4.5's effective bulk, rebuild. For P > N1
 * (Σ11 = D·I) the strengths are shrunk in W units (Σ31/D, bulk σ_z/√D); for P < N1 they estimate the
 * teacher projected on span X; N3 > N1 is handled by transposition (7.1), R6, §7, §4.5.
 */
export function shrinkageEstimator(
  sigma31: Mat,
  noiseStd: number,
  decomposition?: Svd,
  examples: number = sigma31.cols,
): ShrinkageEstimate {
  assertScale(noiseStd);
  const eff = effectiveSpike({ inputDim: sigma31.cols, outputDim: sigma31.rows, examples, noiseStd });
  const dec = decomposition ?? svd(sigma31);
  const strengths = Float64Array.from(dec.s, (s) => shrinkageStrength(s / eff.inputScale, eff.aspect, eff.bulkScale));
  return { weights: fromFactors(dec.u, strengths, dec.v), strengths, svd: dec, eff };
}

/**
 * Predicted test error of the shrinker (7.2), Σ_α s̄_α²(1 − g²𝒪_α²)/Σ s̄², undetectable modes counting
 * s̄²; with §4.5's g = √(P/N1) it is the minimum of every signal term of (5.7) when P < N1 (7.2), §7.
 */
export function shrinkagePredictedError(teacherSingularValues: readonly number[], eff: EffectiveSpike): number {
  const top = Math.max(0, ...teacherSingularValues);
  if (!(top > 0 && Number.isFinite(top))) {
    throw new RangeError(
      `teacherSingularValues: need a finite value > 0 (the errors are normalised by Σ s̄²); got ${JSON.stringify(teacherSingularValues)}`,
    );
  }
  // Tiny or huge teachers would underflow or overflow Σ s̄²: then every term is scaled by the largest value.
  const scale = top > 1e-140 && top < 1e140 ? 1 : top;
  let num = 0;
  let den = 0;
  for (const sBar of teacherSingularValues) {
    const opt = spikeImage(sBar, eff).optimalStrength;
    if (scale === 1) {
      num += (sBar - opt) * (sBar + opt);
      den += sBar * sBar;
    } else {
      num += ((sBar - opt) / scale) * ((sBar + opt) / scale);
      den += (sBar / scale) * (sBar / scale);
    }
  }
  return num / den;
}

/** Oracle strengths c_k = û_kᵀW̄v̂_k for k < rank (0 beyond): the best matrix in the span of the top `rank` training modes (7.3), §7. */
export function oracleStrengths(task: Task, rank: number): Float64Array {
  const c = teacherProjections(task);
  if (!(Number.isInteger(rank) && rank >= 0)) throw new RangeError(`rank must be an integer ≥ 0, got ${rank}`);
  return c.map((x, k) => (k < rank ? x : 0));
}

/** Oracle error (‖W̄‖² − Σ_{k<rank} c_k²)/‖W̄‖², a lower bound on every TA student's test error (7.3), §7. */
export function oracleError(task: Task, rank: number): number {
  const c = oracleStrengths(task, rank);
  let kept = 0;
  for (const x of c) kept += x * x;
  return Math.max(0, task.teacherNormSq - kept) / task.teacherNormSq;
}
