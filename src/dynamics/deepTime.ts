/**
 * The time integral (3.7) in closed form for D_w = m ≥ 3, in dimensionless time T = t·c/τ and
 * target S = ŝ/c (so dT = du/(m u^p (S − u)), p = 2 − 2/m). With y = u/S and v = y^{1/m},
 *   T = S^{−p} ∫ v^{1−m}/(1 − v^m) dv = S^{−p} [G(v)],  G(v) = −v^{2−m}/(m − 2) + H(v),
 *   H(v) = ∫ v/(1 − v^m) dv = −(1/m) Σ_k ω_k² log(v − ω_k)   (ω_k the m-th roots of unity),
 * whose real form is a sum of logarithms and arctangents. A segment G(v_b) − G(v_a) is evaluated
 * term by term as differences (log1p of a ratio, atan2 of a cross product, expm1 of a power) driven
 * by ln(y_b/y_a), so it is accurate relative to itself however close the two points are, and exactly
 * 0 when they coincide. For decaying modes (S < ε) whose v is large the terms cancel, so there the
 * power series in w = 1/v is used instead:
 *   T = s_b^{−p} Σ_j y_b^{−j} (1 − (s_b/s_a)^{p+j}) / (2m − 2 + jm)   (from s_a down to s_b).
 * m = 4 reproduces (3.8). Derivation and accuracy: src/theory/ACCURACY.md.
 */

interface RootTerms {
  readonly cos: Float64Array;
  readonly sin: Float64Array;
  readonly cos2: Float64Array;
  readonly sin2: Float64Array;
}

const rootCache = new Map<number, RootTerms>();

/** cos/sin of φ_k = 2πk/m and of 2φ_k for the complex-conjugate root pairs k = 1 … ⌊(m−1)/2⌋. */
function rootTerms(m: number): RootTerms {
  let r = rootCache.get(m);
  if (!r) {
    const n = Math.floor((m - 1) / 2);
    r = { cos: new Float64Array(n), sin: new Float64Array(n), cos2: new Float64Array(n), sin2: new Float64Array(n) };
    for (let k = 1; k <= n; k++) {
      const phi = (2 * Math.PI * k) / m;
      r.cos[k - 1] = Math.cos(phi);
      r.sin[k - 1] = Math.sin(phi);
      r.cos2[k - 1] = Math.cos(2 * phi);
      r.sin2[k - 1] = Math.sin(2 * phi);
    }
    rootCache.set(m, r);
  }
  return r;
}

/**
 * H(v) = ∫ v/(1 − v^m) dv (up to a constant), v ≥ 0, v ≠ 1, with |1 − v| supplied accurately (m ≥ 3).
 * The absolute form; segments use the difference form of `closedFormSegment` (3.7), §3.3.
 */
export function rootSumH(v: number, absOneMinusV: number, m: number): number {
  const r = rootTerms(m);
  let acc = Math.log(absOneMinusV);
  if (m % 2 === 0) acc += Math.log1p(v);
  for (let k = 0; k < r.cos.length; k++) {
    const dc = v - r.cos[k];
    acc += r.cos2[k] * Math.log(dc * dc + r.sin[k] * r.sin[k]) - 2 * r.sin2[k] * Math.atan2(-r.sin[k], dc);
  }
  return -acc / m;
}

/** A point y = u/S of a mode's path, with ln y and |1 − y| known to full relative accuracy. */
export interface PathPoint {
  readonly lnY: number;
  /** |1 − y| (y < 1 for growing modes, y > 1 for decaying ones). */
  readonly gap: number;
}

/**
 * S^p·T from `from` to `to` (both on the same side of y = 1) by the closed form G(v_to) − G(v_from),
 * each term written as a difference driven by dLnY = ln(y_to/y_from) (pass it when it is known more
 * accurately than to.lnY − from.lnY, e.g. near the start): exactly 0 for dLnY = 0 and accurate
 * relative to itself for close points (3.7), §3.3.
 */
export function closedFormSegment(from: PathPoint, to: PathPoint, m: number, dLnY = to.lnY - from.lnY): number {
  if (dLnY === 0) return 0;
  const r = rootTerms(m);
  const xa = from.lnY / m;
  const dx = dLnY / m;
  const va = Math.exp(xa);
  const dv = va * Math.expm1(dx); // v_b − v_a
  // [v_a^{2−m} − v_b^{2−m}]/(m − 2) = v_a^{2−m}·(−expm1((2 − m)Δx))/(m − 2)
  const power = (Math.exp((2 - m) * xa) * -Math.expm1((2 - m) * dx)) / (m - 2);
  // ln|1 − v_b| − ln|1 − v_a|: log1p of the relative change while it is moderate, else the plain
  // difference of logs with |1 − v_b| from to.lnY (a growing mode's approach to saturation).
  const gapVa = Math.abs(Math.expm1(xa));
  const rel = (xa < 0 ? -dv : dv) / gapVa;
  let acc = Math.abs(rel) <= 0.5 ? Math.log1p(rel) : Math.log(Math.abs(Math.expm1(to.lnY / m))) - Math.log(gapVa);
  if (m % 2 === 0) acc += Math.log1p(dv / (1 + va)); // root −1: ln((1 + v_b)/(1 + v_a))
  for (let k = 0; k < r.cos.length; k++) {
    // Root pair e^{±iφ}: Q = (v − cos φ)² + sin²φ and θ = atan2(−sin φ, v − cos φ); both points lie in the
    // lower half-plane, so θ_b − θ_a = atan2(cross, dot) exactly, with cross = sin φ·Δv.
    const sn = r.sin[k];
    const dca = va - r.cos[k];
    const dcb = dca + dv;
    const sq = sn * sn;
    acc +=
      r.cos2[k] * Math.log1p((dv * (dca + dcb)) / (dca * dca + sq)) -
      2 * r.sin2[k] * Math.atan2(sn * dv, dca * dcb + sq);
  }
  return power - acc / m;
}

/**
 * T (not scaled by S^p) of a decaying mode from s_a down to s_b = S·y_b with y_b ≥ 1/0.9^m by the
 * w-series T = s_b^{−p} Σ_j y_b^{−j}(1 − (s_b/s_a)^{p+j})/(2m − 2 + jm), given ln s_b, ln y_b and
 * dLn = ln(s_a/s_b) ≥ 0 (exactly 0 for dLn = 0) (3.7), §3.3.
 */
export function decaySeries(lnSb: number, lnYb: number, dLn: number, m: number): number {
  const p = 2 - 2 / m;
  let sum = 0;
  for (let j = 0; j < 5000; j++) {
    // Terms fall at least by y_b^{−1} ≤ 0.9^m per step; the tail after a term t is ≤ 2.7 t.
    const term = (Math.exp(-j * lnYb) * -Math.expm1(-(p + j) * dLn)) / (2 * m - 2 + j * m);
    sum += term;
    if (term <= 1e-17 * sum) break;
  }
  return Math.exp(-p * lnSb) * sum;
}
