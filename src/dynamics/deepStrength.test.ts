import { describe, expect, it } from 'vitest';
import { deepSolve, deepTime } from './deepStrength.js';
import { closedFormSegment, decaySeries, rootSumH, type PathPoint } from './deepTime.js';
import { modeStrength, timeToReach } from './modeStrength.js';

const EPS = Number.EPSILON;

/** Condition number t|ṡ|/s of s(t) for τṡ = m s^p (S − s) in dimensionless time (τ = c = 1). */
function strengthCondition(t: number, s: number, big: number, m: number): number {
  return (t * m * Math.pow(s, 2 - 2 / m) * Math.abs(big - s)) / s;
}

/** Condition number s|dT/ds|/T of the time T(s). */
function timeCondition(s: number, big: number, m: number, time: number): number {
  return s / (m * Math.pow(s, 2 - 2 / m) * Math.abs(big - s) * time);
}

/**
 * Reference values by mpmath at 40 digits (scratch script, not kept): T(s) = (1/m)∫ (S ± e^w)^{−p} dw over
 * w = ln|u − S| from ln|s − S| to ln|ε − S| (a smooth integrand, so quad is exact to the digits shown),
 * and s(t) by findroot on it. Rows: [m, ε, S, t, s(t)].
 */
const STRENGTHS: readonly (readonly [number, number, number, number, number])[] = [
  // The recorded counterexample C3-deep-decaying-mode-near-eps-throws (S/ε = 1 − 5e-8): threw for t ≤ 17.8.
  [3, 1.000000000000001e-12, 9.999999485332149e-13, 0.001, 1.0000000000000009896e-12],
  [3, 1.000000000000001e-12, 9.999999485332149e-13, 17.76, 1.0000000000000009896e-12],
  [3, 1.000000000000001e-12, 9.999999485332149e-13, 1e12, 9.9999999998456326956e-13],
  [3, 1.000000000000001e-12, 9.999999485332149e-13, 3e15, 9.9999996945804902161e-13],
  [3, 1.000000000000001e-12, 9.999999485332149e-13, 1e16, 9.9999995109559561492e-13],
  [3, 1.000000000000001e-12, 9.999999485332149e-13, 1e17, 9.9999994853321485452e-13],
  // The recorded counterexample C3-deep-decaying-mode-small-target-throws (S/ε = 1.4e-6).
  [3, 3.932335177711104e-6, 5.7007425290378685e-12, 1.862645149230957e-9, 3.9323351777111027474e-6],
  [3, 3.932335177711104e-6, 5.7007425290378685e-12, 1, 3.932334445496426374e-6],
  [3, 3.932335177711104e-6, 5.7007425290378685e-12, 1e10, 1.1179407049367655579e-8],
  // Growing from just below the limit (S/ε = 1 + 1e-7) and decaying from just above it (S/ε = 1 − 1e-6).
  [4, 1e-3, 1e-3 * (1 + 1e-7), 1e-6, 0.0010000000000000000335],
  [4, 1e-3, 1e-3 * (1 + 1e-7), 10, 0.001000000000126411161],
  [4, 1e-3, 1e-3 * (1 + 1e-7), 1e4, 0.0010000000717735625148],
  [4, 1e-3, 1e-3 * (1 + 1e-7), 1e5, 0.0010000000999996790141],
  [6, 0.1, 0.1 * (1 - 1e-6), 1e-3, 0.099999999987074232862],
  [6, 0.1, 0.1 * (1 - 1e-6), 10, 0.099999927453957188232],
  [6, 0.1, 0.1 * (1 - 1e-6), 1e3, 0.099999900000000002676],
  // Limit two ulps above ε.
  [5, 1e-12, 1.0000000000000004e-12, 1, 9.9999999999999997989e-13],
  [5, 1e-12, 1.0000000000000004e-12, 1e20, 1.0000000000000003838e-12],
];

/** [m, ε, S, s, T(s)] with s a few ulps from ε (mpmath, as above). */
const TIMES: readonly (readonly [number, number, number, number, number])[] = [
  [3, 1.000000000000001e-12, 9.999999485332149e-13, 1.0000000000000008e-12, 13079528.714732908165],
  [3, 1.000000000000001e-12, 9.999999485332149e-13, 9.99999999999799e-13, 13079554350.251293141],
  [4, 0.001, 0.0010000001, 0.0010000000000000002, 0.000017142741558525091393],
  [6, 0.1, 0.0999999, 0.09999999999999996, 3.2207492467777965568e-9],
];

describe('deep modes near their start (S ≈ ε): regression for the decaying-branch throw', () => {
  it('the recorded counterexamples no longer throw: s stays in [S, ε] and falls monotonically for t ∈ (0, 1e6]', () => {
    for (const [eps, sHat] of [
      [1.000000000000001e-12, 9.999999485332149e-13],
      [3.932335177711104e-6, 5.7007425290378685e-12],
    ]) {
      const o = { depth: 3, initScale: eps, tau: 1, inputScale: 1 };
      let prev = eps;
      for (const t of [0, 1e-300, 1.862645149230957e-9, 1e-3, 1, 17.76, 17.8, 18, 100, 1e6]) {
        const s = modeStrength(t, sHat, o);
        expect(s, `t = ${t}`).toBeLessThanOrEqual(prev);
        expect(s).toBeGreaterThanOrEqual(sHat);
        prev = s;
      }
    }
  });

  it('T(ε) = 0 exactly by construction: a zero step is exactly 0 in the closed form and in the w-series', () => {
    for (const m of [3, 4, 5, 6, 9]) {
      for (const pt of [
        { lnY: Math.log1p(-1e-9), gap: 1e-9 },
        { lnY: Math.log1p(5e-8), gap: 5e-8 },
        { lnY: -20, gap: 1 },
        { lnY: 0.3, gap: Math.expm1(0.3) },
      ]) {
        expect(closedFormSegment(pt, pt, m, 0)).toBe(0);
      }
      expect(decaySeries(-27, 5, 0, m)).toBe(0);
    }
    // ...so the inversion starts exactly at ε: any T too small to move s by half an ulp returns ε itself.
    expect(deepSolve(1e-3, 9.999999485332149e-13, 1.000000000000001e-12, 3).strength).toBe(1.000000000000001e-12);
    expect(deepSolve(1e-30, 1.5, 1, 4).strength).toBe(1);
  });

  it('s(t) agrees with mpmath within 64(1 + κ)eps, κ = t|ṡ|/s (observed ≤ 24)', () => {
    for (const [m, eps, big, t, ref] of STRENGTHS) {
      const s = deepSolve(t, big, eps, m).strength;
      const allowed = 64 * (1 + strengthCondition(t, ref, big, m)) * EPS;
      expect(Math.abs(s - ref) / ref, `m=${m} ε=${eps} S=${big} t=${t}: ${s} vs ${ref}`).toBeLessThanOrEqual(allowed);
    }
  });

  it('T(s) a few ulps from ε agrees with mpmath within 64(1 + κ)eps, κ = s|dT/ds|/T (was off by up to 1e17 relative)', () => {
    for (const [m, eps, big, s, ref] of TIMES) {
      const t = deepTime(s, big, eps, m);
      const allowed = 64 * (1 + timeCondition(s, big, m, ref)) * EPS;
      // κ ≈ 1e13 here: the test is that T is right at all (the old form returned T ≈ 18 or NaN at s = ε ± ulps).
      expect(Math.abs(t - ref) / ref, `m=${m} ε=${eps} S=${big} s=${s}: ${t} vs ${ref}`).toBeLessThanOrEqual(
        Math.min(allowed, 1e-13),
      );
    }
  });

  it('round trip t(s(t)) = t near ε within the conditioning, for depths 3–6 and S/ε = 1 ± 1e-6 … 1 ± 1e-14', () => {
    let worst = 0;
    for (const m of [3, 4, 5, 6]) {
      for (const eps of [1e-12, 1e-5, 0.1]) {
        for (const d of [1e-6, 1e-9, 1e-12, 1e-14]) {
          for (const sign of [-1, 1]) {
            const big = eps * (1 + sign * d);
            const rate = m * Math.pow(big, 2 - 2 / m); // relaxation rate near S
            for (const u of [1e-3, 0.1, 1, 5, 20]) {
              const t = u / rate;
              const s = deepSolve(t, big, eps, m).strength;
              if (s === eps || s === big) continue;
              // dt = ds/ṡ: the rounding of s (eps·s) moves t by eps·s/(ṡ t) relative.
              const cond = (EPS * s) / (m * Math.pow(s, 2 - 2 / m) * Math.abs(big - s) * t);
              worst = Math.max(worst, Math.abs(deepTime(s, big, eps, m) - t) / t / (4 * (cond + EPS)));
            }
          }
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('timeToReach just inside ε is finite and positive on both sides (c ≠ 1 too)', () => {
    const o = { depth: 4, initScale: 1e-3, tau: 7, inputScale: 2.5 };
    for (const sHat of [2.5e-3 * (1 - 1e-9), 2.5e-3 * (1 + 1e-9)]) {
      const s = sHat / 2.5 > 1e-3 ? 1e-3 * (1 + 4 * EPS) : 1e-3 * (1 - 4 * EPS);
      const t = timeToReach(s, sHat, o);
      expect(t).toBeGreaterThan(0);
      expect(Number.isFinite(t)).toBe(true);
    }
  });
});

describe('the difference form of the closed-form segment (3.7)', () => {
  it('equals G(v_b) − G(v_a) from the absolute form (rootSumH) on well-separated points, m = 3 … 9', () => {
    const absG = (pt: PathPoint, m: number) => {
      const v = Math.exp(pt.lnY / m);
      return -Math.pow(v, 2 - m) / (m - 2) + rootSumH(v, Math.abs(Math.expm1(pt.lnY / m)), m);
    };
    const point = (y: number): PathPoint => ({ lnY: Math.log(y), gap: Math.abs(1 - y) });
    for (let m = 3; m <= 9; m++) {
      for (const [ya, yb] of [
        [1e-6, 0.3],
        [0.01, 0.5],
        [0.2, 0.9],
        [0.5, 0.999],
        [1e-3, 0.9999],
        [3, 1.5],
        [1.9, 1.01],
        [1.3, 1.0001],
      ]) {
        const a = point(ya);
        const b = point(yb);
        const want = absG(b, m) - absG(a, m);
        expect(Math.abs(closedFormSegment(a, b, m) - want) / Math.abs(want), `m=${m} y: ${ya} → ${yb}`).toBeLessThan(
          1e-12,
        );
      }
    }
  });

  it('matches the w-series where both apply (decaying, y ∈ [0.9^{−m}, 2·0.9^{−m}])', () => {
    for (const m of [3, 4, 6]) {
      const lnYa = Math.log(2) - m * Math.log(0.9);
      const lnYb = -m * Math.log(0.9) + 0.05;
      const closed = closedFormSegment({ lnY: lnYa, gap: Math.expm1(lnYa) }, { lnY: lnYb, gap: Math.expm1(lnYb) }, m);
      const series = decaySeries(lnYb, lnYb, lnYa - lnYb, m); // S = 1, so ln s_b = ln y_b and T = S^p·T
      expect(Math.abs(closed - series) / series).toBeLessThan(1e-13);
    }
  });
});
