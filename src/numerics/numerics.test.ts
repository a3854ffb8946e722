import { describe, expect, it } from 'vitest';
import { brentMinimize, brentRoot } from './brent.js';
import { integrate } from './integrate.js';
import { integrateVector } from './integrateVector.js';
import { safeguardedNewton } from './safeguardedNewton.js';

describe('integrate (G10/K21)', () => {
  it('is exact for polynomials up to degree 31 on one interval, and Gauss agrees up to degree 19', () => {
    for (let deg = 0; deg <= 31; deg++) {
      const r = integrate((x) => (deg + 1) * x ** deg, 0, 1, { relTol: 1, absTol: 1 }); // one rule, no refinement
      expect(Math.abs(r.value - 1)).toBeLessThan(1e-14);
      if (deg <= 19) expect(r.errorEstimate).toBeLessThan(1e-14);
    }
    // Degree 32 is not exact for one rule (so the exactness above is a real property of the nodes).
    const r32 = integrate((x) => 33 * x ** 32, -1, 1, { relTol: 1, absTol: 1 });
    expect(Math.abs(r32.value - 2)).toBeGreaterThan(1e-12);
  });

  it('reaches the requested accuracy on smooth and nearly singular integrands, and its estimate bounds the error', () => {
    const cases: [(x: number) => number, number, number, number][] = [
      [Math.exp, 0, 3, Math.expm1(3)],
      [(x) => 1 / (1 + 1e4 * x * x), -1, 1, (2 * Math.atan(100)) / 100],
      [Math.sqrt, 0, 1, 2 / 3],
      [(x) => Math.log(x), 1e-12, 1, -1 - (1e-12 * Math.log(1e-12) - 1e-12)],
    ];
    for (const [f, a, b, exact] of cases) {
      const r = integrate(f, a, b, { relTol: 1e-12, absTol: 0, maxIntervals: 5000 });
      expect(r.converged).toBe(true);
      expect(Math.abs(r.value - exact)).toBeLessThanOrEqual(Math.max(r.errorEstimate, 1e-15));
      expect(Math.abs(r.value - exact) / Math.abs(exact)).toBeLessThan(1e-11);
    }
  });

  it('uses breakpoints for a sharp front and handles reversed and empty intervals', () => {
    const front = 0.3141;
    const f = (x: number) => 1 / (1 + Math.exp(-(x - front) * 1e6));
    const exact = 1 - front; // ∫_0^1 of a step at the front, up to e^{-3e5}
    const r = integrate(f, 0, 1, { breakpoints: [front], relTol: 1e-13, absTol: 0 });
    expect(Math.abs(r.value - exact)).toBeLessThan(1e-12);
    expect(integrate(Math.cos, 1, 0).value).toBeCloseTo(-Math.sin(1), 14);
    expect(integrate(Math.cos, 2, 2).value).toBe(0);
  });

  it('reports non-convergence instead of looping, and refuses non-finite values', () => {
    const r = integrate((x) => Math.sin(1 / x), 1e-9, 1, { relTol: 1e-14, absTol: 0, maxIntervals: 30 });
    expect(r.converged).toBe(false);
    expect(Number.isFinite(r.value)).toBe(true);
    expect(() => integrate((x) => 1 / x, -1, 1)).toThrow(/not finite/);
    expect(() => integrate(Math.exp, 0, Infinity)).toThrow(RangeError);
  });

  it('stops refining where the integrand is only rounding noise, yet still resolves narrow peaks', () => {
    // A smooth integrand carrying deterministic relative noise of 1e-12 cannot meet relTol 1e-15:
    // the rounding floor must stop it early instead of running to maxIntervals.
    let k = 0;
    const noisy = (x: number) => Math.exp(x) * (1 + 1e-12 * Math.sin(1e7 * x + k++));
    const r = integrate(noisy, 0, 1, { relTol: 1e-15, absTol: 0, maxIntervals: 2000 });
    expect(r.intervals).toBeLessThan(200);
    expect(Math.abs(r.value - Math.expm1(1))).toBeLessThan(1e-11);
    const rv = integrateVector(
      (x, o) => {
        o[0] = noisy(x);
      },
      1,
      0,
      1,
      { relTol: 1e-15, absTol: 0 },
    );
    expect(rv.intervals).toBeLessThan(200);
    const peak = integrate((x) => 1e-3 / ((x - 0.7) ** 2 + 1e-6), 0, 1, { relTol: 1e-12, absTol: 0 });
    expect(peak.value).toBeCloseTo(Math.atan(300) + Math.atan(700), 9);
  });

  it('integrateVector equals the scalar integrals of each component', () => {
    const r = integrateVector(
      (x, out) => {
        out[0] = Math.exp(x);
        out[1] = Math.sin(10 * x);
      },
      2,
      0,
      2,
      { relTol: 1e-13, absTol: 0 },
    );
    expect(r.values[0]).toBeCloseTo(Math.expm1(2), 12);
    expect(r.values[1]).toBeCloseTo((1 - Math.cos(20)) / 10, 13);
    expect(() => integrateVector(() => undefined, 0, 0, 1)).toThrow(/dim/);
  });
});

describe('Brent and safeguarded Newton', () => {
  it('brentRoot finds roots to machine precision and rejects non-brackets', () => {
    expect(brentRoot((x) => x * x - 2, 0, 2)).toBeCloseTo(Math.SQRT2, 15);
    expect(brentRoot((x) => Math.cos(x) - x, 0, 1)).toBeCloseTo(0.7390851332151607, 15);
    expect(brentRoot((x) => Math.exp(x) - 1e6, -50, 50)).toBeCloseTo(Math.log(1e6), 13);
    expect(() => brentRoot((x) => x * x + 1, -1, 1)).toThrow(/bracket/);
  });

  it('brentMinimize finds interior and end-point minima', () => {
    const m = brentMinimize((x) => (x - 0.3) ** 2 + 1, -2, 5);
    expect(m.x).toBeCloseTo(0.3, 7);
    expect(m.fx).toBeCloseTo(1, 14);
    expect(brentMinimize((x) => x, 1, 3).x).toBe(1);
    expect(brentMinimize((x) => -x, 1, 3).x).toBe(3);
    expect(() => brentMinimize((x) => x, 2, 1)).toThrow(RangeError);
  });

  it('safeguardedNewton converges on a badly scaled increasing function with a poor start', () => {
    const f = (x: number) => ({ f: Math.exp(x) - Math.exp(30), df: Math.exp(x) });
    expect(safeguardedNewton(f, -40, 40, -39)).toBeCloseTo(30, 12);
    const g = (x: number) => ({ f: Math.atan(x - 3), df: 1 / (1 + (x - 3) ** 2) });
    expect(safeguardedNewton(g, -100, 100, 90)).toBeCloseTo(3, 12);
  });
});
