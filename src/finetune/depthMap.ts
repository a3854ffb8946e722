import { brentRoot } from '../numerics/brent.js';
import type { Mat } from '../linalg/mat.js';
import { frobeniusSq } from '../linalg/norms.js';
import { addScaled, minimumNormFit } from './interpolant.js';
import { inSpan, outOfSpan, type InputSpan } from './projection.js';

/** The scalars of (A5)–(A6): p = ‖yX⁺‖², u = ‖W_S(I−Π)‖², w = ‖W_S‖², π = ‖W_SΠ‖². */
export interface DepthScalars {
  readonly fitSq: number;
  readonly outSq: number;
  readonly sourceSq: number;
  readonly inSq: number;
}

/** p, u, w and π of (A5)–(A6) from the source map, the targets and the input span. */
export function depthScalars(source: Mat, y: Mat, span: InputSpan): DepthScalars {
  return {
    fitSq: frobeniusSq(minimumNormFit(y, span)),
    outSq: frobeniusSq(outOfSpan(source, span)),
    sourceSq: frobeniusSq(source),
    inSq: frobeniusSq(inSpan(source, span)),
  };
}

/**
 * α_N of (A5): the positive root of α^{2N/(N−1)}·w = p + α²·u (α_1 = 1), found by Brent bracketing in
 * b = ln α of G(b) = (2/(N−1))·b + ln w − ln(u + p·e^{−2b}), which is increasing and never overflows
 * (the log-sum is evaluated as a log-add-exp). N = Infinity gives α_∞ of (A6).
 */
export function fineTuneScale(depth: number, s: DepthScalars): number {
  if (!(depth >= 1) || !(Number.isInteger(depth) || depth === Infinity))
    throw new RangeError(`fineTuneScale: depth must be an integer ≥ 1 or Infinity, got ${depth}`);
  if (!(s.sourceSq > 0)) throw new RangeError('fineTuneScale: the source map is zero; (A5) needs W_S ≠ 0');
  if (depth === 1) return 1;
  if (depth === Infinity) return limitScale(s);
  const k = 2 / (depth - 1);
  const lnW = Math.log(s.sourceSq);
  const lnU = Math.log(s.outSq);
  const lnP = Math.log(s.fitSq);
  const g = (b: number) => k * b + lnW - logAddExp(lnU, lnP - 2 * b);
  if (s.fitSq === 0) return Math.exp((lnU - lnW) / k);
  if (s.outSq === 0) return Math.exp((lnP - lnW) / (k + 2));
  // G is increasing with slope between k and k + 2: widen [−300, 300] until it brackets.
  let lo = -300;
  let hi = 300;
  while (g(lo) > 0) lo *= 2;
  while (g(hi) < 0) hi *= 2;
  return Math.exp(brentRoot(g, lo, hi));
}

/** (A6): α_∞ = ‖yX⁺‖ / ‖W_SΠ‖, the infinite-depth limit of α_N. */
export function limitScale(s: DepthScalars): number {
  if (!(s.inSq > 0)) throw new RangeError('limitScale: W_S has no component in span(X); α_∞ is undefined');
  return Math.sqrt(s.fitSq / s.inSq);
}

/** (A5)/(A6): W_∞ = yX⁺ + α_N·W_S(I − Π) for a balanced depth-N scalar-output network started at W_S (N = Infinity allowed). */
export function deepFineTunedMap(depth: number, source: Mat, y: Mat, span: InputSpan): { map: Mat; alpha: number } {
  const alpha = fineTuneScale(depth, depthScalars(source, y, span));
  return { map: addScaled(minimumNormFit(y, span), alpha, outOfSpan(source, span)), alpha };
}

/** ln(e^a + e^b) without overflow (−Infinity for an empty sum). */
function logAddExp(a: number, b: number): number {
  const m = Math.max(a, b);
  if (m === -Infinity) return -Infinity;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}
