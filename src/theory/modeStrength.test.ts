import { describe, expect, it } from 'vitest';
import { depthFourTime } from '../dynamics/depthFourTime.js';
import { halfTime, modeState, modeStrength, timeToReach } from '../dynamics/modeStrength.js';
import { timeToReachByQuadrature } from '../dynamics/quadratureTime.js';
import { effectiveTau, epochsToTau, tauToEpochs, timeConstant } from '../dynamics/timeUnits.js';

describe('mode dynamics (3.2)–(3.7)', () => {
  it('covers D_w = 1, ŝ = 0, ŝ ≪ ε, inputScale 0 and t = ∞ in closed form', () => {
    const o = { initScale: 1e-3, tau: 100, depth: 1 };
    expect(modeStrength(100, 2, o)).toBeCloseTo(2 + (1e-3 - 2) * Math.exp(-1), 14);
    expect(modeStrength(50, 0, { ...o, depth: 2 })).toBeCloseTo(1e-3 / (1 + (2 * 1e-3 * 50) / 100), 16);
    // ŝ = 0 at depth 3: s^{−p} = ε^{−p} + p·m·t/τ with p = 4/3, m = 3.
    expect(modeStrength(100, 0, { ...o, depth: 3 })).toBeCloseTo(Math.pow(Math.pow(1e-3, -4 / 3) + 4, -3 / 4), 14);
    expect(modeStrength(1e5, 1e-12, { ...o, depth: 2 })).toBeGreaterThan(1e-12);
    expect(modeStrength(777, 0, { ...o, depth: 4, inputScale: 0 })).toBe(1e-3);
    expect(modeStrength(Infinity, 3, { ...o, depth: 4, inputScale: 2 })).toBe(1.5);
    const st = modeState(5000, 3, { ...o, depth: 2 });
    expect(st.shortfall).toBeGreaterThan(0);
    expect(st.shortfall / 3).toBeLessThan(1e-20);
  });

  it('deep times: the general closed form equals (3.8) and the quadrature of (3.7); half-time of (3.5)', () => {
    const o = { initScale: 1e-5, tau: 1000, depth: 4 };
    for (const s of [2e-5, 0.1, 1.5, 2.999]) {
      expect(timeToReach(s, 3, o) / depthFourTime(s, 3, 1e-5, 1000)).toBeCloseTo(1, 13);
      expect(timeToReach(s, 3, o) / timeToReachByQuadrature(s, 3, o)).toBeCloseTo(1, 12);
    }
    const h = halfTime(4, { ...o, depth: 2 });
    expect(h).toBeCloseTo((1000 / 8) * Math.log(4 / 1e-5 - 1), 10);
    expect(modeStrength(h, 4, { ...o, depth: 2 })).toBeCloseTo(2, 12);
    // Deep escape: t½ ≈ τ/(2ŝ√ε) for D_w = 4 (§3.3), to leading order.
    expect(halfTime(3, o) / (1000 / (2 * 3 * Math.sqrt(1e-5)))).toBeCloseTo(1, 1);
  });

  it('converts time units (τ = 1/λ, τ/D for Σ11 = D·I)', () => {
    expect(timeConstant(1e-3)).toBe(1000);
    expect(epochsToTau(2500, 1e-3)).toBe(2.5);
    expect(tauToEpochs(2.5, 1e-3)).toBe(2500);
    expect(effectiveTau(1000, 4)).toBe(250);
    // Σ11 = D·I makes a mode D times faster: s(t; Dŝ, c = D) = s(D t; ŝ, c = 1).
    const o = { initScale: 1e-5, tau: 1000, depth: 3 };
    expect(modeStrength(700, 4 * 2, { ...o, inputScale: 4 })).toBeCloseTo(modeStrength(2800, 2, o), 12);
  });

  it('rejects bad input with a RangeError naming the argument and range', () => {
    const o = { initScale: 1e-5, tau: 1000, depth: 2 };
    expect(() => modeStrength(-1, 1, o)).toThrow(/t must be a number ≥ 0/);
    expect(() => modeStrength(1, NaN, o)).toThrow(/sHat must be a finite number ≥ 0/);
    expect(() => modeStrength(1, 1, { ...o, initScale: 0 })).toThrow(/initScale must be a finite number > 0/);
    expect(() => modeStrength(1, 1, { ...o, depth: 2.5 })).toThrow(/depth must be an integer in \[1, 65\]/);
    expect(() => modeStrength(1, 1, { ...o, tau: Infinity })).toThrow(/tau/);
    expect(() => modeStrength(1, 1, { ...o, inputScale: 0 })).toThrow(/sHat must be 0 when inputScale is 0/);
    expect(() => timeToReach(5, 1, o)).toThrow(/s must lie between/);
    expect(() => halfTime(1.5e-5, o)).toThrow(/2·initScale/);
    expect(() => timeConstant(0)).toThrow(/learningRate/);
  });
});
