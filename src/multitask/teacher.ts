import { matmul } from '../linalg/gemm.js';
import { haarBlock } from '../linalg/haar.js';
import { rowsOf, zeros, type Mat } from '../linalg/mat.js';
import type { Rng } from '../random/rng.js';

/**
 * One task's argmax teacher (MULTITASK.md §1): logits a = w W x + ξ, label argmax_c a_c.
 * `features` W is r×d (s × orthonormal rows), `outputMap` w is C×r with orthonormal columns
 * (or rows when C < r), `map` M = wW is C×d.
 */
export interface ArgmaxTeacher {
  readonly features: Mat;
  readonly outputMap: Mat;
  readonly map: Mat;
}

/** The sizes and relatedness of a teacher pair (MULTITASK.md §1). */
export interface TeacherPairSpec {
  readonly inputDim: number;
  readonly classes: number;
  readonly rank: number;
  readonly scaleA: number;
  readonly scaleB: number;
  readonly relatedness: number;
}

/** Two related teachers and the 2r orthonormal rows [w₁; w₂] their features are built from. */
export interface TeacherPair {
  readonly a: ArgmaxTeacher;
  readonly b: ArgmaxTeacher;
  readonly basis: Mat;
}

/**
 * The relatedness construction of MULTITASK.md §1: 2r orthonormal rows [w₁; w₂], W_A = s_A w₁,
 * W_B = s_B(q w₁ + √(1 − q²) w₂), so W_A W_Bᵀ = q s_A s_B I_r; output maps drawn independently.
 * Streams: `features`, `outputA`, `outputB` (each draw is independent of the others' sizes).
 */
export function drawTeacherPair(spec: TeacherPairSpec, rng: Rng): TeacherPair {
  const { inputDim: d, classes: c, rank: r, scaleA, scaleB, relatedness: q } = spec;
  if (!(Number.isInteger(r) && r >= 1 && 2 * r <= d))
    throw new RangeError(`rank must be an integer in [1, ${Math.floor(d / 2)}] (2r ≤ inputDim), got ${r}`);
  if (!(q >= 0 && q <= 1)) throw new RangeError(`relatedness must be in [0, 1], got ${q}`);
  const basis = haarBlock(2 * r, d, rng.fork('features'));
  const w1 = rowsOf(basis, 0, r);
  const w2 = rowsOf(basis, r, 2 * r);
  const other = Math.sqrt(Math.max(0, 1 - q * q));
  const featuresA = zeros(r, d);
  const featuresB = zeros(r, d);
  for (let i = 0; i < r * d; i++) {
    featuresA.data[i] = scaleA * w1.data[i];
    featuresB.data[i] = scaleB * (q * w1.data[i] + other * w2.data[i]);
  }
  return {
    a: teacherOf(featuresA, haarBlock(c, r, rng.fork('outputA'))),
    b: teacherOf(featuresB, haarBlock(c, r, rng.fork('outputB'))),
    basis,
  };
}

function teacherOf(features: Mat, outputMap: Mat): ArgmaxTeacher {
  return { features, outputMap, map: matmul(outputMap, features) };
}
