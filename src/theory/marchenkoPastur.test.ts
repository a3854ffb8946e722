import { describe, expect, it } from 'vitest';
import { bulkIntegral } from '../rmt/bulkIntegral.js';
import { mpDensity, mpEdges, mpThetaOf, mpXOfTheta } from '../rmt/marchenkoPastur.js';
import { mpCdf, mpQuantile } from '../rmt/mpCdf.js';
import { mpEvenMoment, mpMoment } from '../rmt/mpMoments.js';

describe('Marchenko–Pastur law (4.1)–(4.2)', () => {
  it('edges, density and the θ map agree with the formulas', () => {
    expect(mpEdges(0.25, 2)).toEqual({ lower: 1, upper: 3 });
    // Quarter circle at A = 1: √(4 − x²)/π.
    for (const x of [0.1, 1, 1.9]) expect(mpDensity(x, 1, 1)).toBeCloseTo(Math.sqrt(4 - x * x) / Math.PI, 14);
    expect(mpDensity(0.2, 0.5, 1)).toBe(0);
    expect(mpDensity(1.8, 0.5, 1)).toBe(0);
    for (const th of [0, 0.3, 1.5, 3, Math.PI])
      expect(mpThetaOf(mpXOfTheta(th, 0.3, 1.7), 0.3, 1.7)).toBeCloseTo(th, 12);
  });

  it('quantile inverts the CDF, σ = 0 is a point mass at 0', () => {
    for (const p of [1e-6, 0.1, 0.5, 0.93, 1 - 1e-9]) expect(mpCdf(mpQuantile(p, 0.5, 2), 0.5, 2)).toBeCloseTo(p, 13);
    expect(mpQuantile(0.7, 0.5, 0)).toBe(0);
    expect(mpCdf(-1e-300, 0.5, 0)).toBe(0);
    expect(mpCdf(0, 0.5, 0)).toBe(1);
    expect(bulkIntegral((x) => 3 + x, 0.5, 0, { from: { mass: 0.2 } }).value).toBeCloseTo(2.4, 15);
  });

  it('moments: exact Narayana forms equal the θ quadrature; bulkIntegral splits additively', () => {
    for (const a of [0.05, 0.5, 1]) {
      for (const k of [1, 2, 3, 4]) expect(mpMoment(2 * k, a, 1.3) / mpEvenMoment(k, a, 1.3)).toBeCloseTo(1, 13);
    }
    expect(mpEvenMoment(2, 0.3, 2)).toBeCloseTo(16 * 1.3, 13);
    const f = (x: number) => Math.exp(-x) * x;
    const whole = bulkIntegral(f, 0.4, 1.1).value;
    const cut = { x: 1.2 };
    const parts = bulkIntegral(f, 0.4, 1.1, { to: cut }).value + bulkIntegral(f, 0.4, 1.1, { from: cut }).value;
    expect(parts).toBeCloseTo(whole, 14);
    expect(bulkIntegral(() => 1, 0.4, 1.1, { from: { mass: 0.25 }, to: { mass: 0.75 } }).value).toBeCloseTo(0.5, 13);
  });

  it('bad input gives a RangeError naming the argument', () => {
    expect(() => mpEdges(-1.5, 1)).toThrow(/aspect must be a finite number > 0/);
    expect(() => mpEdges(0.5, -1)).toThrow(/scale must be a finite number ≥ 0/);
    expect(mpDensity(1, 0.5, 0)).toBe(0);
    expect(() => mpQuantile(1.2, 0.5, 1)).toThrow(/p must be a number in \[0, 1\]/);
    expect(() => mpEvenMoment(1.5, 0.5, 1)).toThrow(/k must be an integer/);
    expect(() => bulkIntegral(() => 1, 0.5, 1, { from: { mass: -0.1 } })).toThrow(/from.mass/);
  });
});
