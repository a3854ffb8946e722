import { describe, expect, it } from 'vitest';
import { bisect } from './bisection.js';
import { solveDop853, StepUnderflowError } from './dop853.js';

describe('bisect', () => {
  it('brackets √2 to adjacent floats by default, and to a relative width with xRelTol', () => {
    const { lo, hi } = bisect((x) => x * x < 2, 0, 2);
    expect(lo * lo < 2 && hi * hi >= 2).toBe(true);
    expect(hi - lo).toBeLessThanOrEqual(2 * Number.EPSILON);
    const loose = bisect((x) => x * x < 2, 0, 2, { xRelTol: 1e-7 });
    expect(loose.hi - loose.lo).toBeLessThanOrEqual(1e-7 * loose.hi);
    expect(loose.hi - loose.lo).toBeGreaterThan(1e-8 * loose.hi);
    expect(Math.abs(loose.hi - Math.SQRT2)).toBeLessThanOrEqual(1e-7 * Math.SQRT2);
  });
  it('stops after maxIter halvings and refuses an inverted bracket', () => {
    const { lo, hi } = bisect((x) => x < 0.3, 0, 1, { maxIter: 3 });
    expect(hi - lo).toBe(0.125);
    expect(() => bisect(() => true, 1, 0)).toThrow(/lo ≤ hi/);
  });
});

describe('solveDop853', () => {
  it('integrates y′ = −y and a rotation to the requested tolerance at every output time', () => {
    const state = new Float64Array([1, 1, 0]);
    const outputs = [0, 0.5, 1, 2.5, 7];
    const seen: number[][] = [];
    const stats = solveDop853(
      {
        dim: 3,
        state,
        rhs(out) {
          out[0] = -state[0];
          out[1] = -state[2];
          out[2] = state[1];
        },
      },
      { rtol: 1e-11, atol: 1e-14, outputs, onOutput: (i) => seen.push([i, ...state]) },
    );
    expect(seen.map((s) => s[0])).toEqual([0, 1, 2, 3, 4]);
    for (const [i, a, c, s] of seen) {
      const t = outputs[i];
      // The global error of a tolerance-controlled solve is a small multiple of rtol over a few time units.
      expect(Math.abs(a - Math.exp(-t))).toBeLessThan(1e-9);
      expect(Math.abs(c - Math.cos(t))).toBeLessThan(1e-9);
      expect(Math.abs(s - Math.sin(t))).toBeLessThan(1e-9);
    }
    expect(stats.steps).toBeGreaterThan(3);
    expect(stats.evaluations).toBeGreaterThanOrEqual(12 * stats.steps);
  });
  it('reports the blow-up of y′ = y² (y(0) = 1, singular at t = 1) as a step-size underflow', () => {
    const state = new Float64Array([1]);
    const run = () =>
      solveDop853(
        { dim: 1, state, rhs: (out) => (out[0] = state[0] * state[0]) },
        { rtol: 1e-10, atol: 1e-12, outputs: [2], onOutput: () => {} },
      );
    expect(run).toThrow(StepUnderflowError);
  });
  it('only reports y(0) when every output time is 0, and checks the state size', () => {
    const state = new Float64Array([3]);
    let calls = 0;
    const stats = solveDop853(
      { dim: 1, state, rhs: () => calls++ },
      { rtol: 1e-8, atol: 1e-12, outputs: [0], onOutput: () => {} },
    );
    expect(stats.evaluations + calls).toBe(0);
    expect(() =>
      solveDop853({ dim: 2, state, rhs: () => {} }, { rtol: 1e-8, atol: 1e-12, outputs: [1], onOutput: () => {} }),
    ).toThrow(/dim/);
  });
});
