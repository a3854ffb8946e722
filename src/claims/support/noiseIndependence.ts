import { EigenvalueDecomposition } from 'ml-matrix';
import { toMl } from '../../linalg/bridge.js';
import { matmul } from '../../linalg/gemm.js';
import type { Mat } from '../../linalg/mat.js';
import { frobeniusSq } from '../../linalg/norms.js';
import { atLeast, atMost, twoSided, type Outcome } from '../claim.js';

/**
 * Statistics of noise independence for a task builder (§1 (1.3), Appendix R1). Given the teacher's
 * factors Ū (N3×r), V̄ (N1×r) and the inputs X (N1×P), noise Z (N3×P) with i.i.d. N(0, s²) entries,
 * s² = σ_z²/N1, independent of them gives, draw by draw and exactly:
 *   ‖ŪᵀZ‖²     = s²·χ²_{rP}                        (Ū has orthonormal columns), E = r·P·σ_z²/N1;
 *   ‖ZXᵀV̄‖²  = Σ_rows Σ_k s²μ_k g²,  μ = eig(V̄ᵀXXᵀV̄)  (each row of Z seen through XᵀV̄),
 *              E = N3·σ_z²/N1·tr(V̄ᵀΣ11V̄): N3·r·σ_z²/N1 when Σ11 = I (one-hot, orthogonal P = N1),
 *              and N3·r·σ_z²·P/N1² on average over X for orthogonal P ≠ N1 (Σ11 = D·I, or a Haar rank-P
 *              projector) and for Gaussian inputs (E Σ11 = (P/N1)·I);
 *   ⟨Z, W̄X⟩    ~ N(0, s²‖W̄X‖²)                    (the correlation of vec Z with vec W̄X, times ‖Z‖‖W̄X‖).
 * Summed over independent draws the first two are weighted χ² sums Q = Σ a_j g_j², bounded by
 * Laurent–Massart: P(Q − Σa ≥ 2‖a‖₂√x + 2‖a‖_∞x) ≤ e^{−x} and P(Σa − Q ≥ 2‖a‖₂√x) ≤ e^{−x};
 * the third is exactly Gaussian.
 */

/** x of the Laurent–Massart bounds: each of the four χ² tails fails with probability ≤ e^{−23} ≈ 1.0e-10. */
export const NOISE_CHI2_X = 23;
/** z of the two-sided Gaussian band of ⟨Z, W̄X⟩: P(|N(0, 1)| > 6.5) = 8.0e-11. */
export const NOISE_CORRELATION_Z = 6.5;
/** Per-instance false-failure probability of `noiseIndependence`: 4·e^{−23} + 8.0e-11 = 4.9e-10, declared 5e-10. */
export const NOISE_INDEPENDENCE_FALSE_FAILURE = 5e-10;

/** One draw of a task as the statistics see it. */
export interface NoiseDraw {
  readonly uBar: Mat;
  readonly vBar: Mat;
  readonly x: Mat;
  readonly noise: Mat;
  readonly teacher: Mat;
}

/** A running weighted χ² sum: its value, Σa, Σa² and max a. */
interface Chi2Sum {
  value: number;
  mean: number;
  sumSq: number;
  max: number;
}

function addWeights(q: Chi2Sum, weight: number, count: number): void {
  q.mean += weight * count;
  q.sumSq += weight * weight * count;
  q.max = Math.max(q.max, weight);
}

function chi2Outcomes(q: Chi2Sum, what: string): Outcome[] {
  const l2 = Math.sqrt(q.sumSq);
  const x = NOISE_CHI2_X;
  return [
    atMost(q.value, q.mean, 2 * l2 * Math.sqrt(x) + 2 * q.max * x, `${what}: upper Laurent–Massart band (e^-${x})`),
    atLeast(q.value, q.mean, 2 * l2 * Math.sqrt(x), `${what}: lower Laurent–Massart band (e^-${x})`),
  ];
}

/** The three statistics above over `draws`, each as outcomes against its exact law (noise std σ_z, N1 = `inputDim`). */
export function noiseIndependence(draws: readonly NoiseDraw[], noiseStd: number, inputDim: number): Outcome[] {
  const s2 = (noiseStd * noiseStd) / inputDim;
  const qu: Chi2Sum = { value: 0, mean: 0, sumSq: 0, max: 0 };
  const qv: Chi2Sum = { value: 0, mean: 0, sumSq: 0, max: 0 };
  let cross = 0;
  let crossVar = 0;
  let zNormSq = 0;
  let signalNormSq = 0;
  for (const d of draws) {
    const r = d.uBar.cols;
    const p = d.noise.cols;
    const n3 = d.noise.rows;
    if (r > 0) {
      qu.value += frobeniusSq(matmul(d.uBar, d.noise, { transA: true }));
      addWeights(qu, s2, r * p);
      const b = matmul(d.x, d.vBar, { transA: true }); // XᵀV̄, P×r
      qv.value += frobeniusSq(matmul(d.noise, b));
      const mu = new EigenvalueDecomposition(toMl(matmul(b, b, { transA: true })), { assumeSymmetric: true })
        .realEigenvalues;
      for (const m of mu) addWeights(qv, s2 * Math.max(0, m), n3);
    }
    const signal = matmul(d.teacher, d.x);
    for (let i = 0; i < signal.data.length; i++) cross += d.noise.data[i] * signal.data[i];
    const sn = frobeniusSq(signal);
    signalNormSq += sn;
    crossVar += s2 * sn;
    zNormSq += frobeniusSq(d.noise);
  }
  const n = draws.length;
  const rho = cross / Math.sqrt(zNormSq * signalNormSq);
  const band = (NOISE_CORRELATION_Z * Math.sqrt(crossVar)) / Math.sqrt(zNormSq * signalNormSq);
  return [
    ...chi2Outcomes(qu, `Σ over ${n} draws of ‖ŪᵀZ‖² vs its mean r·P·σ_z²/N1 summed`),
    ...chi2Outcomes(qv, `Σ over ${n} draws of ‖ZXᵀV̄‖² vs its mean N3·σ_z²/N1·tr(V̄ᵀΣ11V̄) summed`),
    twoSided(
      rho,
      0,
      band,
      `correlation of vec Z with vec W̄X over ${n} draws vs 0 within ${NOISE_CORRELATION_Z} sd of its exact law`,
    ),
  ];
}
