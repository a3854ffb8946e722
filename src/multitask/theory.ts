import { Matrix, solve } from 'ml-matrix';
import { fromMl, toMl } from '../linalg/bridge.js';
import { matmul } from '../linalg/gemm.js';
import { zeros, type Mat } from '../linalg/mat.js';
import { integrate } from '../numerics/integrate.js';
import { pairSingularValues } from '../transfer/jointModes.js';

const SQRT_HALF = Math.SQRT1_2;
const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

/**
 * erfc(z) for z ≥ 0: the positive series erf(z) = (2/√π) e^{−z²} Σ (2z²)ⁿ z/(2n+1)!! below 2.5 (no
 * cancellation), the Lentz continued fraction e^{−z²}/√π · 1/(z + ½/(z + 1/(z + 3/2/(z + …)))) above.
 */
function erfcPositive(z: number): number {
  if (z < 2.5) {
    let term = z;
    let sum = z;
    const two = 2 * z * z;
    for (let n = 1; n < 200; n++) {
      term *= two / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return 1 - 2 * INV_SQRT_PI * Math.exp(-z * z) * sum;
  }
  // Modified Lentz for the continued fraction K(a_n / z) with a_n = n/2.
  const tiny = 1e-300;
  let f = z;
  let c = z;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = z + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = z + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (INV_SQRT_PI * Math.exp(-z * z)) / f;
}

/** Φ(x), the standard normal CDF: absolute error ~1e-16, relative error ≲ 1e-12 in the tails. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const z = Math.abs(x) * SQRT_HALF;
  const upper = 0.5 * erfcPositive(z);
  return x >= 0 ? 1 - upper : upper;
}

/** φ(x), the standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** μ_C = E max of C i.i.d. N(0, 1) = ∫ x C φ(x) Φ(x)^{C−1} dx (MULTITASK.md §3.3); μ₂ = 1/√π. */
export function expectedMaxOfNormals(classes: number): number {
  if (!(Number.isInteger(classes) && classes >= 1))
    throw new RangeError(`classes must be an integer ≥ 1, got ${classes}`);
  if (classes === 1) return 0;
  const f = (x: number) => x * classes * normalPdf(x) * Math.pow(normalCdf(x), classes - 1);
  // Outside ±40 the integrand is below e^{−800}: the truncation is exact in float64.
  return integrate(f, -40, 40, { breakpoints: [-8, -4, 0, 2, 4, 8], absTol: 1e-15, relTol: 1e-13 }).value;
}

/** κ = (1 − f) μ_C / ((C − 1)√(s² + σ²)): E[(y − 1/C)xᵀ] = κ H M when M Mᵀ = s² I_C (MULTITASK.md §3.3). */
export function signalGain(classes: number, scale: number, logitNoiseStd: number, labelFlip: number): number {
  if (classes < 2) throw new RangeError(`classes must be ≥ 2, got ${classes}`);
  const norm = Math.hypot(scale, logitNoiseStd);
  if (!(norm > 0))
    throw new RangeError('signalGain: scale and logit noise are both 0 (labels carry no signal and no randomness)');
  return ((1 - labelFlip) * expectedMaxOfNormals(classes)) / ((classes - 1) * norm);
}

/** H = I_C − (1/C) 𝟙𝟙ᵀ, the centring projector (MULTITASK.md §3). */
export function centring(classes: number): Mat {
  const h = zeros(classes, classes);
  for (let i = 0; i < classes; i++)
    for (let j = 0; j < classes; j++) h.data[i * classes + j] = (i === j ? 1 : 0) - 1 / classes;
  return h;
}

/** κ H M, the population teacher signal E[(y − 1/C)xᵀ] of an argmax teacher with M Mᵀ = s² I_C (MULTITASK.md §3.3). */
export function teacherSignal(map: Mat, logitNoiseStd: number, labelFlip: number): Mat {
  const c = map.rows;
  const mmt = matmul(map, map, { transB: true });
  const s2 = mmt.data[0];
  for (let i = 0; i < c; i++) {
    for (let j = 0; j < c; j++) {
      const want = i === j ? s2 : 0;
      if (Math.abs(mmt.data[i * c + j] - want) > 1e-10 * Math.max(1, s2)) {
        throw new RangeError(
          'teacherSignal: M Mᵀ is not a multiple of I_C; use steinSignal with the logit moment E[(y − 1/C)aᵀ]',
        );
      }
    }
  }
  const kappa = signalGain(c, Math.sqrt(s2), logitNoiseStd, labelFlip);
  const hm = matmul(centring(c), map);
  for (let i = 0; i < hm.data.length; i++) hm.data[i] *= kappa;
  return hm;
}

/**
 * The Stein form E[(y − 1/C)xᵀ] = G (M Mᵀ + σ² I)⁻¹ M with G = E[(y − 1/C)aᵀ] the C×C moment of the
 * labels and the logits a = M x + ξ (MULTITASK.md §3.3), for any M; G comes from the logits alone.
 */
export function steinSignal(logitMoment: Mat, map: Mat, logitNoiseStd: number): Mat {
  const c = map.rows;
  const cov = matmul(map, map, { transB: true });
  for (let i = 0; i < c; i++) cov.data[i * c + i] += logitNoiseStd * logitNoiseStd;
  // G Cov⁻¹ = (Cov⁻¹ Gᵀ)ᵀ, Cov symmetric.
  const gt = new Matrix(c, c);
  for (let i = 0; i < c; i++) for (let j = 0; j < c; j++) gt.set(i, j, logitMoment.data[j * c + i]);
  const x = fromMl(solve(toMl(cov), gt).transpose());
  return matmul(x, map);
}

/** T = C (Y − (1/C) 𝟙𝟙ᵀ): the linearised target, T_{cμ} = C·[y_μ = c] − 1 (MULTITASK.md §3.2). */
export function linearisedTarget(labels: Int32Array, classes: number): Mat {
  const p = labels.length;
  const t = zeros(classes, p);
  t.data.fill(-1);
  for (let mu = 0; mu < p; mu++) t.data[labels[mu] * p + mu] += classes;
  return t;
}

/** s̄_eff = C κ s, the effective singular value of each of the C − 1 centred modes in the linearised problem (MULTITASK.md §3.3). */
export function effectiveSingularValue(
  classes: number,
  scale: number,
  logitNoiseStd: number,
  labelFlip: number,
): number {
  return classes * signalGain(classes, scale, logitNoiseStd, labelFlip) * scale;
}

/** lim_{s→∞} C κ s = C μ_C (1 − f)/(C − 1): argmax labels cap the effective signal (MULTITASK.md §3.3). */
export function saturatedSingularValue(classes: number, labelFlip: number): number {
  return (classes * expectedMaxOfNormals(classes) * (1 - labelFlip)) / (classes - 1);
}

/**
 * The joint teacher [w_A W_A; w_B W_B]'s nonzero singular values: (8.1)'s pair (s̄₊, s̄₋) for
 * (s_A, s_B, q), each with multiplicity r, descending (MULTITASK.md §3.5, THEORY.md §8.2).
 */
export function jointTeacherSpectrum(scaleA: number, scaleB: number, relatedness: number, rank: number): number[] {
  const [plus, minus] = pairSingularValues(scaleA, scaleB, relatedness);
  return [...new Array<number>(rank).fill(plus), ...new Array<number>(rank).fill(minus)];
}

/**
 * The linearised problem of §3.2 for mean cross-entropy with learning rate λ: the quadratic loss
 * (1/2P)‖Z − T‖² on targets T = C(Y − 𝟙𝟙ᵀ/C) with learning rate λ/C, valid while the logits are
 * O(1) and 𝟙ᵀW^{D_w} = 0 (see `centreRows`).
 */
export function linearisedProblem(
  labels: Int32Array,
  classes: number,
  learningRate: number,
): { targets: Mat; learningRate: number } {
  return { targets: linearisedTarget(labels, classes), learningRate: learningRate / classes };
}

/** H W: the output matrix with its column means removed, so 𝟙ᵀ(HW) = 0 (the direction 𝟙 projected out, §3.2). */
export function centreRows(w: Mat): Mat {
  const out = { rows: w.rows, cols: w.cols, data: new Float64Array(w.data) };
  for (let j = 0; j < w.cols; j++) {
    let mean = 0;
    for (let i = 0; i < w.rows; i++) mean += w.data[i * w.cols + j];
    mean /= w.rows;
    for (let i = 0; i < w.rows; i++) out.data[i * w.cols + j] -= mean;
  }
  return out;
}
