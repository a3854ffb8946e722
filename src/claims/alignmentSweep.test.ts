import { describe, expect, it } from 'vitest';
import { C16F_SETUP } from './c16fTheoryVsSimulation.js';
import { simulateTransfer } from '../transfer/simulateTransfer.js';
import { resolveTransferConfig } from '../transfer/transferConfig.js';
import { theoryTransfer } from '../transfer/transferTheory.js';

/**
 * The alignment sweep of §10 F7 panel A, with full matrix GD: a weak target (s̄_A = 0.84 at σ_z = √2,
 * undetectable alone: θ_A = √2·(1/2)^{1/4} ≈ 1.19) and a strong partner (s̄_B = 6), q from 0 to 1, at the
 * size of C16f's CI instances (N1 = 40, N3 = 20 + 20, N2 = 20, 5τ with λ = 0.007, λŝ_B ≈ 0.045). Each q uses the same seeds,
 * so the pairs and noise draws are shared along the sweep (common random numbers).
 */
describe('transfer rises with alignment for a weak target and a strong partner (§8.5, §10 F7 panel A)', () => {
  const qs = [0, 0.5, 0.8, 1];
  const runs = 10;
  const base = {
    inputDim: 40,
    examples: 40,
    outputDimA: 20,
    outputDimB: 20,
    hiddenDims: [20],
    singularValuesA: [0.84],
    singularValuesB: [6],
    noiseStd: Math.SQRT2,
    learningRate: 0.007,
    epochs: 714,
    reportEvery: 5,
    initScale: 1e-5,
    runs,
    seed: 2019,
  };
  // The finite-size margin of C16(f) at this size (calibrated: |bias| ≤ 0.033 inside its domain, which this target is in).
  const margin = C16F_SETUP.ci.margin;

  it('with the theory inside the simulated mean ± 3 SE + the C16(f) margin at every q, and a significant simulated rise', () => {
    const rows = qs.map((q) => {
      const c = resolveTransferConfig({ ...base, alignment: q });
      const sim = simulateTransfer(c, { engine: 'gd' }).transfer;
      const theory = theoryTransfer(c, c.epochs).transfer;
      return { q, mean: sim.mean, se: sim.se ?? Infinity, theory };
    });
    for (const r of rows) {
      expect(
        Math.abs(r.mean - r.theory),
        `q = ${r.q}: simulated ${r.mean} ± ${r.se}, theory ${r.theory}`,
      ).toBeLessThanOrEqual(3 * r.se + margin);
    }
    // The theory rises monotonically, from 0 (undetectable target, orthogonal features) to a large benefit.
    for (let i = 1; i < rows.length; i++) expect(rows[i].theory).toBeGreaterThan(rows[i - 1].theory);
    expect(Math.abs(rows[0].theory)).toBeLessThan(1e-6);
    expect(rows[rows.length - 1].theory).toBeGreaterThan(0.3);
    // The simulation shows the same rise, beyond its noise.
    const first = rows[0];
    const last = rows[rows.length - 1];
    expect(last.mean - first.mean).toBeGreaterThan(3 * Math.hypot(first.se, last.se));
    expect(last.mean - first.mean).toBeGreaterThan(0.2);
  });
});
