import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import { frobeniusDot } from '../linalg/norms.js';
import { outOfSpan, type InputSpan } from './projection.js';

/** Population risk R(W) = tr (W − W_T) Σ (W − W_T)ᵀ for noiseless test targets (FINETUNE.md (A2)). */
export function populationRisk(w: Mat, target: Mat, sigma: Mat): number {
  const d = difference(w, target);
  return frobeniusDot(matmul(d, sigma), d);
}

/** The three terms of (A2) for the depth-1 limit (A1) with training noise z (N3×P): bias, cross and noise. */
export interface RiskTerms {
  readonly bias: number;
  readonly cross: number;
  readonly noise: number;
  readonly total: number;
}

/** (A2): R = Δ(I−Π)Σ(I−Π)Δᵀ − 2 zX⁺Σ(I−Π)Δᵀ + zX⁺ΣX⁺ᵀzᵀ with Δ = W_T − W_S (traces for N3 > 1). */
export function riskTerms(source: Mat, target: Mat, z: Mat, span: InputSpan, sigma: Mat): RiskTerms {
  const dPerp = outOfSpan(difference(target, source), span);
  const sdPerp = matmul(dPerp, sigma);
  const zx = matmul(z, span.pinv);
  const bias = frobeniusDot(sdPerp, dPerp);
  const cross = -2 * frobeniusDot(sdPerp, zx);
  const noise = frobeniusDot(matmul(zx, sigma), zx);
  return { bias, cross, noise, total: bias + cross + noise };
}

/** (A2) averaged over noise z with i.i.d. N(0, σ²) entries: Δ(I−Π)Σ(I−Π)Δᵀ + N3·σ²·tr(X⁺ΣX⁺ᵀ). */
export function expectedRisk(source: Mat, target: Mat, span: InputSpan, sigma: Mat, noiseStd: number): number {
  const dPerp = outOfSpan(difference(target, source), span);
  const bias = frobeniusDot(matmul(dPerp, sigma), dPerp);
  if (noiseStd === 0) return bias;
  const trace = frobeniusDot(matmul(span.pinv, sigma), span.pinv);
  return bias + source.rows * noiseStd * noiseStd * trace;
}

/** a − b. */
export function difference(a: Mat, b: Mat): Mat {
  const data = new Float64Array(a.data.length);
  for (let i = 0; i < data.length; i++) data[i] = a.data[i] - b.data[i];
  return { rows: a.rows, cols: a.cols, data };
}
