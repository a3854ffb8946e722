import { EigenvalueDecomposition } from 'ml-matrix';
import { matmul } from '../linalg/gemm.js';
import { toMl } from '../linalg/bridge.js';
import { zeros, type Mat } from '../linalg/mat.js';
import { chi } from '../random/chi.js';
import { createRng, type Rng } from '../random/rng.js';
import type { MatrixOperator } from '../numerics/topSingular.js';
import { topSingularTripletOf } from '../numerics/topSingular.js';

/**
 * Σ31 = Σ_k s̄_k e_k e_kᵀ + Z, Z_ij ~ N(0, σ_z²/N1) (N3×N1), one-hot inputs with P = N1 (1.3)–(1.4).
 * The teacher's singular vectors are the first coordinate axes: Z's law is invariant under
 * Z → O Z Q for orthogonal O, Q, so the singular values of Σ31 and the overlaps of its
 * singular vectors with the teacher's have exactly the law they have for Haar Ū, V̄.
 */
export function axisSpikedData(n3: number, n1: number, sBars: readonly number[], noiseStd: number, rng: Rng): Mat {
  const m = zeros(n3, n1);
  const sd = noiseStd / Math.sqrt(n1);
  for (let i = 0; i < m.data.length; i++) m.data[i] = sd * rng.normal();
  sBars.forEach((s, k) => (m.data[k * n1 + k] += s));
  return m;
}

/** All singular values of M (rows ≤ cols), descending, from the eigenvalues of MMᵀ. */
export function allSingularValues(m: Mat): number[] {
  const gram = matmul(m, m, { transB: true });
  const eig = new EigenvalueDecomposition(toMl(gram), { assumeSymmetric: true });
  return eig.realEigenvalues.map((l) => Math.sqrt(Math.max(0, l))).sort((a, b) => b - a);
}

/**
 * Ritz residual of F2's draws relative to ŝ²: ŝ is then exact to ~1e-14 and the vectors to ~1e-7 over
 * the gap to ŝ2 — far below the ±1.96 SE bars of the overlaps (~1e-2).
 */
export const LANCZOS_TOLERANCE = 1e-7;

/** One rank-one draw for F2 B/C, sent to a worker: the stream is named by its path. */
export interface SpikeDrawJob {
  readonly n1: number;
  readonly n3: number;
  readonly sBar: number;
  readonly path: string;
}

/**
 * The rank-one spiked matrix M = s̄ e1e1ᵀ + Z (N3×N1, N3 ≤ N1, Z_ij ~ N(0, σ²), σ = σ_z/√N1) in a form
 * with the same law of singular values and of the first components of the singular vectors, of size
 * N3×(N3+1) and with O(N3) products (Silverstein 1985; Dumitriu & Edelman 2002): orthogonal maps that fix
 * e1 bidiagonalise the lower-right (N3−1)×(N1−1) block of Z (Householder from the right, then the left):
 * σB with B lower bidiagonal, B_kk ~ χ_{N1−1−k}, B_{k+1,k} ~ χ_{N3−2−k}, independent. Each map depends
 * only on entries it has already fixed, so the first row and column of Z stay i.i.d. N(0, σ²); a last
 * reflection on columns N3…N1−1 (zero below row 1) leaves one entry σχ_{N1−N3} there. Result (column 0
 * is e1, untouched): row 0 = [s̄ + σz, σr_1 … σr_{N3−1}, σχ_{N1−N3}], row i ≥ 1 = σ[c_i at column 0,
 * B_{i−1,i−2} at column i−1, B_{i−1,i−1} at column i].
 */
export function bidiagonalSpike(n3: number, n1: number, sBar: number, noiseStd: number, rng: Rng): MatrixOperator {
  if (!(n3 >= 1 && n3 <= n1)) throw new RangeError(`bidiagonalSpike: needs 1 ≤ N3 ≤ N1, got ${n3}×${n1}`);
  const sd = noiseStd / Math.sqrt(n1);
  const corner = sBar + sd * rng.normal();
  const row = new Float64Array(n3 + 1);
  const col = new Float64Array(n3);
  for (let j = 1; j < n3; j++) row[j] = sd * rng.normal();
  for (let i = 1; i < n3; i++) col[i] = sd * rng.normal();
  row[n3] = sd * chi(rng, n1 - n3);
  row[0] = corner;
  col[0] = corner;
  // diag[k] = σB_kk, sub[k] = σB_{k+1,k} of the (N3−1)×(N3−1) block (k = 0-based block index).
  const m = n3 - 1;
  const diag = new Float64Array(m);
  const sub = new Float64Array(Math.max(0, m - 1));
  for (let k = 0; k < m; k++) {
    diag[k] = sd * chi(rng, n1 - 1 - k);
    if (k < m - 1) sub[k] = sd * chi(rng, m - 1 - k);
  }
  return {
    rows: n3,
    cols: n3 + 1,
    mul(x, y) {
      let acc = 0;
      for (let j = 0; j <= n3; j++) acc += row[j] * x[j];
      y[0] = acc;
      for (let i = 1; i < n3; i++) y[i] = col[i] * x[0] + diag[i - 1] * x[i] + (i >= 2 ? sub[i - 2] * x[i - 1] : 0);
    },
    mulT(x, y) {
      let acc = 0;
      for (let i = 0; i < n3; i++) acc += col[i] * x[i];
      y[0] = acc;
      for (let j = 1; j < n3; j++) y[j] = row[j] * x[0] + diag[j - 1] * x[j] + (j + 1 < n3 ? sub[j - 1] * x[j + 1] : 0);
      y[n3] = row[n3] * x[0];
    },
  };
}

/** ŝ1 and the signed overlap (ū·û1)(v̄·v̂1) = û1[0]·v̂1[0] of one rank-one draw of `bidiagonalSpike` (§4.3–§4.4, §10 F2). */
export function spikeDrawJob(job: SpikeDrawJob, report?: (units: number) => void): { sHat: number; overlap: number } {
  const rng = createRng(job.path);
  const m = bidiagonalSpike(job.n3, job.n1, job.sBar, 1, rng.fork('bidiagonal'));
  const t = topSingularTripletOf(m, rng.fork('lanczos'), LANCZOS_TOLERANCE);
  report?.(1);
  return { sHat: t.s, overlap: t.u[0] * t.v[0] };
}
