/**
 * The time integral (3.7) in closed form for D_w = m ≥ 3, in dimensionless time T = t·c/τ and
 * target S = ŝ/c (so τ'Ṡ-form: dT = du/(m u^p (S − u)), p = 2 − 2/m). With y = u/S and v = y^{1/m},
 *   T = S^{−p} ∫ v^{1−m}/(1 − v^m) dv = S^{−p} [G(v)],  G(v) = −v^{2−m}/(m − 2) + H(v),
 *   H(v) = ∫ v/(1 − v^m) dv = −(1/m) Σ_k ω_k² log(v − ω_k)   (ω_k the m-th roots of unity),
 * whose real form is a sum of logarithms and arctangents. For decaying modes (S < ε) whose
 * v is large the logarithms cancel, so there the power series in w = 1/v is used instead:
 *   T = s_a^{−p} Σ_j (S/s_a)^j expm1((p + j) ln(s_a/s_b)) / (2m − 2 + jm)   (from s_a down to s_b).
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

/** H(v) = ∫ v/(1 − v^m) dv (up to a constant), v ≥ 0, v ≠ 1, with |1 − v| supplied accurately (m ≥ 3), §3.3. */
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

/** v = y^{1/m} and |1 − v| from a path point. */
function vOf(pt: PathPoint, m: number): { v: number; gapV: number } {
  const a = pt.lnY / m;
  return { v: Math.exp(a), gapV: Math.abs(Math.expm1(a)) };
}

/** S^p·T from `from` to `to` by the closed form [G(v_to) − G(v_from)] (both on the same side of y = 1), §3.3 (3.7). */
export function closedFormSegment(from: PathPoint, to: PathPoint, m: number): number {
  const a = vOf(from, m);
  const b = vOf(to, m);
  // [v_a^{2−m} − v_b^{2−m}]/(m − 2) = v_a^{2−m}·(−expm1((2−m)(ln y_b − ln y_a)/m))/(m − 2)
  const power = (Math.exp(((2 - m) * from.lnY) / m) * -Math.expm1(((2 - m) * (to.lnY - from.lnY)) / m)) / (m - 2);
  return power + rootSumH(b.v, b.gapV, m) - rootSumH(a.v, a.gapV, m);
}

/** T (not scaled by S^p) of a decaying mode from strength sa down to sb ≥ S/0.9^m by the w-series, §3.3 (3.7). */
export function decaySeries(lnSa: number, lnSb: number, lnS: number, m: number): number {
  const p = 2 - 2 / m;
  const lnRatio = lnS - lnSa; // ln(S/s_a) ≤ m ln 0.9
  const gap = lnSa - lnSb; // ln(s_a/s_b) ≥ 0
  let sum = 0;
  for (let j = 0; j < 5000; j++) {
    // (S/s_a)^j expm1((p + j)·gap), in logs once expm1 ≈ exp (the product stays ≤ (s_a/s_b)^p·0.9^{mj}).
    const x = (p + j) * gap;
    const term = (x > 30 ? Math.exp(j * lnRatio + x) : Math.exp(j * lnRatio) * Math.expm1(x)) / (2 * m - 2 + j * m);
    sum += term;
    if (term <= 1e-17 * sum) break;
  }
  return Math.exp(-p * lnSa) * sum;
}
