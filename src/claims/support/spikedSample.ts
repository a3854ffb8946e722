import { EigenvalueDecomposition } from 'ml-matrix';
import type { SpikedModel, SpikedModelConstraints } from '../../arbitraries/spikedModel.js';
import type { Scale } from '../claim.js';
import { matmul } from '../../linalg/gemm.js';
import { toMl } from '../../linalg/bridge.js';
import { haarColumns } from '../../linalg/haar.js';
import { fromFactors, type Mat } from '../../linalg/mat.js';
import { normals, type Rng } from '../../random/rng.js';

/**
 * Draws for the random-matrix claims (§4, §11 C5–C8). `spikedDraw` produces exactly the Σ31 of
 * `buildTask` with one-hot inputs and P = N1 (same streams, bit for bit: a test checks it) without
 * the full SVD the task builder always computes; each claim then takes only what it needs
 * (singular values, or the top triplet from the N3×N3 Gram matrix, ~5× cheaper than `svd`).
 */

/** One draw of a spiked model: Σ31 = Ū diag(s̄) V̄ᵀ + Z (N3×N1) and the teacher's singular vectors. */
export interface SpikedDraw {
  readonly sigma31: Mat;
  /** Ū, N3×N̄2. */
  readonly uBar: Mat;
  /** V̄, N1×N̄2. */
  readonly vBar: Mat;
}

/**
 * Σ31 of the one-hot task of `model` drawn from `rng` (Appendix R1): Ū, V̄ Haar from the streams
 * `teacher/u`, `teacher/v`, Z with entries N(0, σ_z²/N1) from `noise`, as `buildTask` does.
 */
export function spikedDraw(model: Pick<SpikedModel, 'outputDim' | 'inputDim' | 'noiseStd' | 'teacherSingularValues'>, rng: Rng): SpikedDraw {
  const n3 = model.outputDim;
  const n1 = model.inputDim;
  const rank = model.teacherSingularValues.length;
  const teacherRng = rng.fork('teacher');
  const uBar = haarColumns(n3, rank, teacherRng.fork('u'));
  const vBar = haarColumns(n1, rank, teacherRng.fork('v'));
  const noise = normals(rng.fork('noise'), n3 * n1, model.noiseStd / Math.sqrt(n1));
  const sigma31 = fromFactors(uBar, Float64Array.from(model.teacherSingularValues), vBar);
  for (let i = 0; i < noise.length; i++) sigma31.data[i] += noise[i];
  return { sigma31, uBar, vBar };
}

/** Column j of a matrix. */
export function column(m: Mat, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j];
  return out;
}

/** Σ a_i b_i. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** The image of a teacher mode in the data: a singular value and its vectors' overlaps with the mode (signs as computed). */
export interface ModeImage {
  readonly sHat: number;
  readonly uOverlap: number;
  readonly vOverlap: number;
}

/**
 * Top singular triplet of M (N3×N1, N3 ≤ N1) from the symmetric eigenproblem of MMᵀ:
 * ŝ1 = √λ_max, û1 its eigenvector, v̂1 = Mᵀû1/ŝ1 (tests compare it with `svd`).
 */
export function topTriplet(m: Mat): { s: number; u: Float64Array; v: Float64Array } {
  if (m.rows > m.cols) throw new RangeError(`topTriplet: needs rows ≤ cols, got ${m.rows}×${m.cols}`);
  const gram = matmul(m, m, { transB: true });
  const eig = new EigenvalueDecomposition(toMl(gram), { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  let top = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[top]) top = k;
  const vectors = eig.eigenvectorMatrix;
  const u = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) u[i] = vectors.get(i, top);
  const s = Math.sqrt(Math.max(0, values[top]));
  const v = new Float64Array(m.cols);
  if (s > 0) {
    for (let i = 0; i < m.rows; i++) {
      const ui = u[i] / s;
      for (let j = 0; j < m.cols; j++) v[j] += m.data[i * m.cols + j] * ui;
    }
  }
  return { s, u, v };
}

/** The strongest teacher mode's image: ŝ1 and the overlaps of the top singular vectors with ū1, v̄1 (rank ≥ 1). */
export function topModeImage(draw: SpikedDraw): ModeImage {
  const t = topTriplet(draw.sigma31);
  return { sHat: t.s, uOverlap: dot(t.u, column(draw.uBar, 0)), vOverlap: dot(t.v, column(draw.vBar, 0)) };
}

/** The per-draw spiked-model domain of C6, C7(a) and C8(a): N3 ∈ [25, 60] (CI; 200 thorough), A ∈ [0.1, 1], N1 ≤ 240 (2000), σ_z ∈ [0.1, 5]. */
export function perDrawSpikedDomain(scale: Scale): SpikedModelConstraints {
  return {
    minOutputDim: 25,
    maxOutputDim: scale === 'ci' ? 60 : 200,
    minAspect: 0.1,
    maxAspect: 1,
    maxInputDim: scale === 'ci' ? 240 : 2000,
    minNoiseStd: 0.1,
    maxNoiseStd: 5,
  };
}
