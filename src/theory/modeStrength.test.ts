import { describe, expect, it } from 'vitest';
import { C3_ITEMS, checkC3, checkC3AtPoint, libraryModeDynamics, type ModeDynamicsImpl } from './checks/c3ClosedForms.js';
import { guarded } from './checks/checkOutcome.js';
import { c2StrengthBound } from './checks/c10TheoryVsSimulation.js';
import { discreteModeTrajectory } from '../dynamics/discreteRecursion.js';
import { depthFourTime } from '../dynamics/depthFourTime.js';
import { halfTime, modeState, modeStrength, modeStrengthCurve, timeToReach } from '../dynamics/modeStrength.js';
import type { ModeDynamics } from '../dynamics/modeDynamics.js';
import { timeToReachByQuadrature } from '../dynamics/quadratureTime.js';
import { effectiveTau, epochsToTau, tauToEpochs, timeConstant } from '../dynamics/timeUnits.js';

const failing = (impl: ModeDynamicsImpl) => checkC3(impl).filter((o) => !o.holds).map((o) => o.name);

describe('C3: the closed forms are self-consistent', () => {
  it('holds for the library (every item)', () => {
    const outcomes = checkC3();
    for (const o of outcomes) expect(o.holds, `${o.name}: ${o.measured} (${o.detail})`).toBe(true);
    expect(outcomes.map((o) => o.name)).toEqual(Object.values(C3_ITEMS));
    // Every item applied somewhere on the grid (none is reported as skipped).
    for (const o of outcomes) expect(o.skipped, o.name).toBeFalsy();
  });

  it('the grid contains the recorded decaying-mode counterexample regime (ŝ/ε = 1 − 5e-8, D_w ≥ 3), and the per-point check holds there', () => {
    const p = { depth: 3, initScale: 1.000000000000001e-12, tau: 1, inputScale: 1, sHat: 9.999999485332149e-13 };
    for (const t of [0, 1e-3, 17.76, 1e6]) {
      for (const o of checkC3AtPoint({ ...p, t }, guarded(libraryModeDynamics))) expect(o.holds, `${o.name}: ${o.detail}`).toBe(true);
    }
  });

  it('planted bug: the log form of (3.3) (NaN for 0 < ŝ < ε) is rejected', () => {
    const logForm = (t: number, sHat: number, o: ModeDynamics) =>
      o.depth !== 2 ? modeStrength(t, sHat, o) : sHat / (1 + Math.exp(Math.log(sHat / o.initScale - 1) - (2 * sHat * t) / o.tau));
    expect(failing({ ...libraryModeDynamics, strength: logForm })).toContain(C3_ITEMS.finite);
  });

  it('planted bug: a missing factor 2 in the exponent (τṡ = s(ŝ − s)) is rejected by the ODE residual', () => {
    const slow = (t: number, sHat: number, o: ModeDynamics) => modeStrength(o.depth === 2 ? t / 2 : t, sHat, o);
    expect(failing({ ...libraryModeDynamics, strength: slow })).toEqual(
      expect.arrayContaining([C3_ITEMS.ode]),
    );
  });

  it('planted bug: the authors’ 2000-point lookup-table inversion (§12 D3) is rejected by the round trip', () => {
    const table = (s: number, sHat: number, o: ModeDynamics) => {
      // Tabulate t on 2000 strengths between ε and ŝ and return the time of the nearest one.
      const n = 2000;
      let best = 0;
      let bestGap = Infinity;
      for (let i = 0; i < n; i++) {
        const si = o.initScale + ((sHat - o.initScale) * i) / n;
        if (Math.abs(si - s) < bestGap) {
          bestGap = Math.abs(si - s);
          best = si;
        }
      }
      return timeToReach(best, sHat, o);
    };
    expect(failing({ ...libraryModeDynamics, timeToReach: table })).toEqual(expect.arrayContaining([C3_ITEMS.roundTrip]));
  });
});

describe('mode dynamics (3.2)–(3.7)', () => {
  it('matches the exact discrete recursion (3.9) within the depth-aware C2 bound, for depths 1–6, both orders and Σ11 = c·I', () => {
    // Measured (this sweep and a wider one, ŝ ∈ [1, 8], ε ∈ [1e-5, 1e-2]): sequential gaps are 0.23–0.26 λ_eff,
    // simultaneous ≤ 0.45 of their bound; THEORY.md's D_w = 2 bound λŝ would be exceeded 1.6–5.5× at D_w ≥ 3.
    let worst = 0;
    for (const depth of [1, 2, 3, 4, 6]) {
      for (const update of ['sequential', 'simultaneous'] as const) {
        for (const [sHat, eps, c] of [[3, 1e-3, 1], [0.8, 1e-2, 1], [6, 1e-3, 2], [1e-4, 0.1, 1], [8, 1e-2, 1]]) {
          const lr = 1e-3;
          const spec = { initScale: eps, learningRate: lr, depth, update, epochs: 8000, reportEvery: 20, inputScale: c };
          const disc = discreteModeTrajectory(sHat, spec);
          const cont = modeStrengthCurve(disc.map((_, i) => i * 20), sHat, { initScale: eps, tau: 1 / lr, depth, inputScale: c });
          const b = c2StrengthBound({ topLimit: sHat / c, inputScale: c, initScale: eps, learningRate: lr, depth, update });
          disc.forEach((s, i) => (worst = Math.max(worst, Math.abs(s - cont[i]) / (b * Math.max(sHat / c, eps)))));
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(worst).toBeGreaterThan(0.3); // the bound is not vacuous
  });

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
