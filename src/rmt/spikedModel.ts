import { assertNonNegative, canonicalAspect } from './validate.js';

/**
 * The rank-one rectangular spiked model of §4.2–§4.4 with general noise scale σ (4.0): every
 * formula is written in q = (σ/s̄)², so σ = 0 (q = 0: ŝ = s̄, overlaps 1) needs no division by σ
 * and huge s̄/σ cannot overflow.
 */

/** Detectability threshold σ A^{1/4}: a teacher mode leaves an outlier iff s̄ exceeds it (4.3), §4.2. */
export function detectabilityThreshold(aspectIn: number, scaleIn: number): number {
  const { aspect, scale } = canonicalAspect(aspectIn, scaleIn);
  return scale * Math.pow(aspect, 0.25);
}

/** Whether s̄ is strictly above the threshold (4.3), §4.2. */
export function isDetectable(sBar: number, aspect: number, scale: number): boolean {
  assertNonNegative(sBar, 'sBar');
  return sBar > detectabilityThreshold(aspect, scale);
}

/** (σ/s̄)², finite because callers only use it above the threshold (s̄ > 0). */
function qOf(sBar: number, scale: number): number {
  const r = scale / sBar;
  return r * r;
}

/** ŝ(s̄) = s̄√((1 + q)(1 + Aq)), q = (σ/s̄)², above threshold; the bulk edge σ(1 + √A) otherwise (4.4), §4.3. */
export function noisySingularValue(sBar: number, aspectIn: number, scaleIn: number): number {
  const { aspect, scale } = canonicalAspect(aspectIn, scaleIn);
  if (!isDetectable(sBar, aspect, scale)) return scale * (1 + Math.sqrt(aspect));
  const q = qOf(sBar, scale);
  return sBar * Math.sqrt((1 + q) * (1 + aspect * q));
}

/**
 * The inverse of (4.4): s̄² = ½[ŝ² − σ²(1 + A) + √((ŝ² − σ²(1+√A)²)(ŝ² − σ²(1−√A)²))], the root
 * with s̄² ≥ σ²√A; needs ŝ ≥ σ(1 + √A) (4.5), §4.3.
 */
export function signalFromNoisy(sHat: number, aspectIn: number, scaleIn: number): number {
  assertNonNegative(sHat, 'sHat');
  const { aspect, scale } = canonicalAspect(aspectIn, scaleIn);
  const r = Math.sqrt(aspect);
  const edge = scale * (1 + r);
  if (sHat < edge) throw new RangeError(`sHat must be ≥ the bulk edge σ(1 + √A) = ${edge} for (4.5), got ${sHat}`);
  const s2 = scale * scale;
  const disc = (sHat - edge) * (sHat + edge) * (sHat * sHat - s2 * (1 - r) * (1 - r));
  return Math.sqrt(0.5 * (sHat * sHat - s2 * (1 + aspect) + Math.sqrt(Math.max(0, disc))));
}

/** |û·ū|² = 1 − A(1 + s̄²)/(s̄²(A + s̄²)) = (1 − Aq²)/(1 + Aq), output side, 0 at or below threshold (4.6), §4.4. */
export function outputOverlapSq(sBar: number, aspectIn: number, scaleIn: number): number {
  const { aspect, scale, transposed } = canonicalAspect(aspectIn, scaleIn);
  // Transposed, the original output side is the input side of the A ≤ 1 problem.
  if (transposed) return inputOverlapSq(sBar, aspect, scale);
  if (!isDetectable(sBar, aspect, scale)) return 0;
  const q = qOf(sBar, scale);
  return (1 - aspect * q * q) / (1 + aspect * q);
}

/** |v̂·v̄|² = 1 − (A + s̄²)/(s̄²(1 + s̄²)) = (1 − Aq²)/(1 + q), input side, 0 at or below threshold (4.7), §4.4. */
export function inputOverlapSq(sBar: number, aspectIn: number, scaleIn: number): number {
  const { aspect, scale, transposed } = canonicalAspect(aspectIn, scaleIn);
  if (transposed) return outputOverlapSq(sBar, aspect, scale);
  if (!isDetectable(sBar, aspect, scale)) return 0;
  const q = qOf(sBar, scale);
  return (1 - aspect * q * q) / (1 + q);
}

/** 𝒪(s̄) = (s̄⁴ − A)/(s̄²√((A + s̄²)(1 + s̄²))) = (1 − Aq²)/√((1 + Aq)(1 + q)) above threshold, else 0 (4.8), §4.4. */
export function overlap(sBar: number, aspectIn: number, scaleIn: number): number {
  const { aspect, scale } = canonicalAspect(aspectIn, scaleIn);
  if (!isDetectable(sBar, aspect, scale)) return 0;
  const q = qOf(sBar, scale);
  return (1 - aspect * q * q) / Math.sqrt((1 + aspect * q) * (1 + q));
}
