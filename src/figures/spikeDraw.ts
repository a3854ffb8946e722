import { EigenvalueDecomposition } from 'ml-matrix';
import { matmul } from '../linalg/gemm.js';
import { toMl } from '../linalg/bridge.js';
import { zeros, type Mat } from '../linalg/mat.js';
import { createRng, type Rng } from '../random/rng.js';
import { topSingularTriplet } from '../numerics/topSingular.js';

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

/** ŝ1 and the signed overlap (ū·û1)(v̄·v̂1) of one rank-one draw (§4.3–§4.4, §10 F2). */
export function spikeDrawJob(job: SpikeDrawJob, report?: (units: number) => void): { sHat: number; overlap: number } {
  const rng = createRng(job.path);
  const m = axisSpikedData(job.n3, job.n1, [job.sBar], 1, rng.fork('data'));
  const t = topSingularTriplet(m, rng.fork('lanczos'), LANCZOS_TOLERANCE);
  report?.(1);
  return { sHat: t.s, overlap: t.u[0] * t.v[0] };
}
