/**
 * The authors' elementary integral for D_w = 4 (3.8), kept as an independent check of the
 * general closed form: t = τ[G(s) − G(ε)], G(u) = artanh√(u/ŝ)/(2ŝ^{3/2}) − 1/(2ŝ√u), with
 * artanh y = ½[log1p(y) − log1p(−y)]. Growing modes only (ε < s < ŝ), Σ11 = I (3.8), §3.3.
 */
export function depthFourTime(s: number, sHat: number, initScale: number, tau: number): number {
  if (!(initScale > 0 && sHat > initScale && s >= initScale && s < sHat)) {
    throw new RangeError(
      `depthFourTime needs 0 < initScale ≤ s < sHat, got initScale=${initScale}, s=${s}, sHat=${sHat}`,
    );
  }
  if (!(tau > 0)) throw new RangeError(`tau must be > 0, got ${tau}`);
  const g = (u: number) => {
    const y = Math.sqrt(u / sHat);
    const artanh = 0.5 * (Math.log1p(y) - Math.log1p(-y));
    return artanh / (2 * Math.pow(sHat, 1.5)) - 1 / (2 * sHat * Math.sqrt(u));
  };
  return tau * (g(s) - g(initScale));
}
