import { describe, expect, it } from 'vitest';
import { matmul } from '../linalg/gemm.js';
import { fromRows } from '../linalg/mat.js';
import { createRng } from '../random/rng.js';
import { drawTeacherPair } from './teacher.js';
import {
  centring,
  effectiveSingularValue,
  expectedMaxOfNormals,
  jointTeacherSpectrum,
  linearisedTarget,
  normalCdf,
  normalPdf,
  saturatedSingularValue,
  signalGain,
  steinSignal,
  teacherSignal,
} from './theory.js';

describe('normalCdf', () => {
  // Reference values from mpmath.ncdf at 30 digits.
  const cases: [number, number][] = [
    [-30, 4.906713927148187e-198],
    [-8, 6.220960574271784e-16],
    [-3.4, 3.3692926567688104e-4],
    [-2, 0.0227501319481792072],
    [-0.5, 0.30853753872598689636],
    [0, 0.5],
    [0.3, 0.61791142218895263307],
    [1.7, 0.95543453724145695634],
    [3.6, 0.99984089140984246617],
    [7, 0.99999999999872018746],
  ];
  it.each(cases)('Φ(%d) matches mpmath to 1e-12 relative', (x, want) => {
    expect(Math.abs(normalCdf(x) - want) / want).toBeLessThan(1e-12);
  });
  it('is NaN for NaN and φ integrates the slope', () => {
    expect(normalCdf(NaN)).toBeNaN();
    const h = 1e-5;
    expect((normalCdf(0.7 + h) - normalCdf(0.7 - h)) / (2 * h)).toBeCloseTo(normalPdf(0.7), 9);
  });
});

describe('expectedMaxOfNormals', () => {
  // MULTITASK.md §3.3 gives μ₂, μ₃, μ₅, μ₁₀ to 6 digits; the 1e-12 values are mpmath quadrature.
  it.each([
    [1, 0],
    [2, 0.564189583547756287],
    [3, 0.84628437532163443],
    [5, 1.16296447364051961],
    [10, 1.53875273083517286],
    [21, 1.88916791492131048],
  ])('μ_%i', (c, want) => {
    expect(Math.abs(expectedMaxOfNormals(c) - want)).toBeLessThan(1e-12);
  });
  it('μ₂ = 1/√π exactly and bad C is refused', () => {
    expect(expectedMaxOfNormals(2)).toBeCloseTo(1 / Math.sqrt(Math.PI), 14);
    expect(() => expectedMaxOfNormals(0)).toThrow(/classes/);
  });
});

describe('signal gain and the linearised problem', () => {
  it('κ, s̄_eff and its saturation follow the §3.3 formulas', () => {
    const k = signalGain(10, 3, 0.1, 0.2);
    expect(k).toBeCloseTo((0.8 * 1.53875273083517286) / (9 * Math.hypot(3, 0.1)), 14);
    expect(effectiveSingularValue(10, 3, 0.1, 0.2)).toBeCloseTo(10 * k * 3, 13);
    expect(effectiveSingularValue(10, 1e8, 0.1, 0.2)).toBeCloseTo(saturatedSingularValue(10, 0.2), 10);
    expect(() => signalGain(1, 1, 0, 0)).toThrow(/classes/);
    expect(() => signalGain(3, 0, 0, 0)).toThrow(/no signal/);
  });
  it('T = C(Y − 𝟙𝟙ᵀ/C) has zero column sums and H is an idempotent centring', () => {
    const t = linearisedTarget(Int32Array.from([2, 0, 1, 2]), 3);
    expect(Array.from(t.data)).toEqual([-1, 2, -1, -1, -1, -1, 2, -1, 2, -1, -1, 2]);
    const h = centring(3);
    const hh = matmul(h, h);
    hh.data.forEach((v, i) => expect(v).toBeCloseTo(h.data[i], 15));
  });
  it('teacherSignal is κHM when MMᵀ = s²I and refuses other maps; steinSignal with the exact moment reproduces it', () => {
    const pair = drawTeacherPair(
      { inputDim: 12, classes: 4, rank: 4, scaleA: 2, scaleB: 1, relatedness: 0.5 },
      createRng(3),
    );
    const sig = teacherSignal(pair.a.map, 0.3, 0.1);
    const kappa = signalGain(4, 2, 0.3, 0.1);
    const hm = matmul(centring(4), pair.a.map);
    sig.data.forEach((v, i) => expect(v).toBeCloseTo(kappa * hm.data[i], 14));
    // Exact logit moment for MMᵀ = s²I: G = (1 − f) μ_C √(s² + σ²)/(C − 1) · H.
    const g = centring(4);
    const gScale = (0.9 * expectedMaxOfNormals(4) * Math.hypot(2, 0.3)) / 3;
    const stein = steinSignal({ ...g, data: g.data.map((v) => v * gScale) }, pair.a.map, 0.3);
    stein.data.forEach((v, i) => expect(v).toBeCloseTo(sig.data[i], 12));
    expect(() =>
      teacherSignal(
        fromRows([
          [1, 0],
          [0, 2],
        ]),
        0.1,
        0,
      ),
    ).toThrow(/not a multiple/);
  });
  it('the joint teacher spectrum is (8.1) with multiplicity r', () => {
    const s = jointTeacherSpectrum(3, 4, 0.5, 3);
    expect(s).toHaveLength(6);
    const plus2 = 12.5 + Math.sqrt(3.5 ** 2 + 0.25 * 144);
    expect(s[0]).toBeCloseTo(Math.sqrt(plus2), 12);
    expect(s[2]).toBe(s[0]);
    expect(s[3] * s[0]).toBeCloseTo(12 * Math.sqrt(0.75), 12);
  });
});
