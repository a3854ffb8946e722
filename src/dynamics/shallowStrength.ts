/**
 * Closed forms for D_w = 1 and D_w = 2 with Σ11 = c·I (§3.2, §3.3): τṡ = ŝ − c·s and
 * τṡ = 2s(ŝ − c·s), s(0) = ε. Written so that ŝ = 0, ŝ ≪ ε, c = 0 and huge times need no special case.
 */

/** (1 − e^{−x})/x, with its limit 1 at x = 0: the building block of the stable (3.3), §3.2. */
export function expm1Ratio(x: number): number {
  return x === 0 ? 1 : -Math.expm1(-x) / x;
}

/** D_w = 1: s = ε e^{−ct/τ} + ŝ (t/τ)·(1 − e^{−ct/τ})/(ct/τ) (the linear student, §3.3). */
export function linearStrength(t: number, sHat: number, eps: number, tau: number, c: number): number {
  if (t === Infinity) return c > 0 ? sHat / c : sHat > 0 ? Infinity : eps;
  const u = t / tau;
  const y = c * u;
  return eps * Math.exp(-y) + sHat * u * expm1Ratio(y);
}

/**
 * D_w = 1 inverse: ct/τ = −log1p(c(s − ε)/(cε − ŝ)) near the start, ln|ŝ − cε| − ln|ŝ − cs| once the
 * ratio is not small (no cancellation either way); t = τ(s − ε)/ŝ when c = 0, §3.3.
 */
export function linearTime(s: number, sHat: number, eps: number, tau: number, c: number): number {
  if (s === eps) return 0;
  if (c === 0) return (tau * (s - eps)) / sHat;
  const ratio = (c * (s - eps)) / (c * eps - sHat);
  const y =
    Math.abs(ratio) < 0.5 ? -Math.log1p(ratio) : Math.log(Math.abs(sHat - c * eps)) - Math.log(Math.abs(sHat - c * s));
  return (tau / c) * y;
}

/**
 * D_w = 2, the audited stable form of (3.3): with x = 2ŝt/τ,
 * 1/s = (2ct/τ)·(1 − e^{−x})/x + e^{−x}/ε, which equals ŝ/(−c·expm1(−x) + (ŝ/ε)e^{−x}) and tends to
 * ε/(1 + 2cεt/τ) as ŝ → 0; never NaN for ŝ ≥ 0, ε > 0, t ≥ 0 (3.3), §3.2.
 */
export function shallowStrength(t: number, sHat: number, eps: number, tau: number, c: number): number {
  if (t === Infinity) return c > 0 ? sHat / c : sHat > 0 ? Infinity : eps;
  const u = t / tau;
  const x = 2 * sHat * u;
  return 1 / (2 * c * u * expm1Ratio(x) + Math.exp(-x) / eps);
}

/**
 * D_w = 2 inverse (3.4): from 1/s − c/ŝ = e^{−x}(1/ε − c/ŝ), x = −log1p((1/s − 1/ε)/(1/ε − c/ŝ)) near the
 * start and x = ln|S/ε − 1| − ln|S/s − 1| (S = ŝ/c) otherwise, t = τx/(2ŝ); for ŝ = 0,
 * t = τ(1/s − 1/ε)/(2c). Requires s between ε and ŝ/c (3.4), §3.2.
 */
export function shallowTime(s: number, sHat: number, eps: number, tau: number, c: number): number {
  if (s === eps) return 0;
  const d = 1 / s - 1 / eps;
  if (sHat === 0) return (tau * d) / (2 * c);
  const ratio = d / (1 / eps - c / sHat);
  let x: number;
  if (Math.abs(ratio) < 0.5) x = -Math.log1p(ratio);
  else if (c === 0) x = Math.log(s / eps);
  else {
    const big = sHat / c;
    x = Math.log(Math.abs(big - eps) / eps) - Math.log(Math.abs(big - s) / s);
  }
  return (tau * x) / (2 * sHat);
}

/**
 * D_w = 2 shortfall ŝ/c − s, accurate when s ≈ ŝ/c: with k = ŝ/(cε) − 1, s = (ŝ/c)/(1 + k e^{−x}) so
 * ŝ/c − s = (ŝ/c)·k e^{−x}/(1 + k e^{−x}) (growing modes); −s when ŝ = 0 (3.3), §3.2.
 */
export function shallowShortfall(t: number, sHat: number, eps: number, tau: number, c: number): number {
  if (sHat === 0) return -shallowStrength(t, sHat, eps, tau, c);
  if (c === 0) return Infinity;
  const big = sHat / c;
  if (t === Infinity) return 0;
  // Decaying modes (ŝ/c < ε): s stays above the limit and the direct difference is accurate.
  if (big < eps) return big - shallowStrength(t, sHat, eps, tau, c);
  const x = (2 * sHat * t) / tau;
  const ke = (big / eps - 1) * Math.exp(-x);
  return (big * ke) / (1 + ke);
}

/** D_w = 1 shortfall ŝ/c − s = (ŝ/c − ε) e^{−ct/τ}, §3.3. */
export function linearShortfall(t: number, sHat: number, eps: number, tau: number, c: number): number {
  if (c === 0) return sHat === 0 ? 0 : Infinity;
  return (sHat / c - eps) * Math.exp((-c * t) / tau);
}
