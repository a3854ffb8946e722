import type { TaskPair } from './taskPair.js';

/** The error curves of one run of the three students (§8.3), on the recorded epochs. */
export interface PairCurves {
  /** `norm_loss`: ‖W_joint − W̄‖²/‖W̄‖² (1.6) of the joint student. */
  readonly jointTestError: number[];
  /** ‖W_joint X − Ŷ‖²/‖Ŷ‖² (1.7) of the joint student on the joint data. */
  readonly jointTrainError: number[];
  /** `t1_jcl`: ‖P_A W_joint − W̄_A‖²/‖W̄_A‖², the joint student's error on A. */
  readonly jointTestErrorA: number[];
  /** `t2_jcl`: the joint student's error on B. */
  readonly jointTestErrorB: number[];
  /** ‖W_A − W̄_A‖²/‖W̄_A‖² of the A-alone student. */
  readonly aloneTestErrorA: number[];
  readonly aloneTrainErrorA: number[];
  /** ‖W_B − W̄_B‖²/‖W̄_B‖² of the B-alone student. */
  readonly aloneTestErrorB: number[];
  readonly aloneTrainErrorB: number[];
}

/** One run of a transfer experiment: every error of §8.3 and the run's transfer benefits (8.2). */
export interface PairRunRecord extends PairCurves {
  /** `t1_ben` = alone A − joint A, normalised by ‖W̄_A‖². */
  readonly benefitA: number[];
  /** `t2_ben` = alone B − joint B, normalised by ‖W̄_B‖². */
  readonly benefitB: number[];
  /** `symm_ben` = [e(W_A − W̄_A) + e(W_B − W̄_B) − e(W_joint − W̄)]/‖W̄‖². */
  readonly symmetricBenefit: number[];
  /** T^{A←B} = min_t alone A − min_t joint A over the recorded epochs (8.2). */
  readonly transfer: number;
  /** T^{B←A}, the same with the roles swapped. */
  readonly transferBA: number;
}

/** Adds the benefits `t1_ben`, `t2_ben`, `symm_ben` and T^{A←B}, T^{B←A} (8.2) to a run's curves, §8.3. */
export function pairRunRecord(pair: TaskPair, curves: PairCurves): PairRunRecord {
  const na = pair.a.teacherNormSq;
  const nb = pair.b.teacherNormSq;
  const n = na + nb;
  const benefitA = curves.aloneTestErrorA.map((e, i) => e - curves.jointTestErrorA[i]);
  const benefitB = curves.aloneTestErrorB.map((e, i) => e - curves.jointTestErrorB[i]);
  const symmetricBenefit = curves.jointTestError.map(
    (e, i) => (na * curves.aloneTestErrorA[i] + nb * curves.aloneTestErrorB[i] - n * e) / n,
  );
  return {
    ...curves,
    benefitA,
    benefitB,
    symmetricBenefit,
    transfer: minOf(curves.aloneTestErrorA) - minOf(curves.jointTestErrorA),
    transferBA: minOf(curves.aloneTestErrorB) - minOf(curves.jointTestErrorB),
  };
}

/** The smallest entry (the minimum over recorded epochs, §6, §12 D8); NaN is refused. */
export function minOf(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('minOf: no recorded epochs');
  let m = Infinity;
  for (let i = 0; i < xs.length; i++) {
    if (Number.isNaN(xs[i])) throw new RangeError(`minOf: entry ${i} is NaN`);
    if (xs[i] < m) m = xs[i];
  }
  return m;
}
