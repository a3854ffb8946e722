import fc from 'fast-check';
import { arbLogUniform, arbUniform, fractionToInt } from '../../arbitraries/primitives.js';
import { meanSe, simulateTransferRun } from '../../transfer/simulateTransfer.js';
import { resolveTransferConfig } from '../../transfer/transferConfig.js';
import type { TransferTheorySpec } from '../../transfer/transferTheory.js';

/** A transfer theory instance: a rank-one pair's sizes, spectra, alignment and dynamics, and the horizon in units of τ. */
export interface TransferTheoryInstance {
  readonly spec: TransferTheorySpec;
  /** Horizon of the optima in units of τ = 1/λ. */
  readonly horizonTau: number;
}

/**
 * Rank-one pairs for the theory claims: N1 ∈ [20, 200], N3^A + N3^B ≤ N1 (A_J ≤ 1), N2 ∈ [1, N3^A + N3^B],
 * σ ∈ [0.5, 2], s̄ in units of σ log-uniform in the given ranges, ε ∈ [1e-7, 1e-3], horizon 3–40 τ (λ = 1e-3), §8.1.
 */
export function arbTheoryPair(
  sA: fc.Arbitrary<number>,
  sB: fc.Arbitrary<number>,
  q: fc.Arbitrary<number>,
): fc.Arbitrary<TransferTheoryInstance> {
  return fc
    .record({
      n1: fc.integer({ min: 20, max: 200 }),
      fa: arbUniform(),
      fb: arbUniform(),
      fw: arbUniform(),
      sigma: arbUniform(0.5, 2),
      sA,
      sB,
      q,
      initScale: arbLogUniform(1e-7, 1e-3),
      horizonTau: arbUniform(3, 40),
    })
    .map((d) => {
      const n3a = fractionToInt(d.fa, 2, Math.floor(d.n1 / 2));
      const n3b = fractionToInt(d.fb, 1, d.n1 - n3a);
      return {
        spec: {
          inputDim: d.n1,
          examples: d.n1,
          outputDimA: n3a,
          outputDimB: n3b,
          hiddenDims: [fractionToInt(d.fw, 1, n3a + n3b)],
          singularValuesA: [d.sA * d.sigma],
          singularValuesB: [d.sB * d.sigma],
          alignment: d.q,
          noiseStd: d.sigma,
          learningRate: 1e-3,
          initScale: d.initScale,
        },
        horizonTau: d.horizonTau,
      };
    });
}

/** The paper's transfer setting (§8.1) for simulated instances: N1 = 100, N3 = 50 + 50, N2 = 50, σ = √2, ε = 1e-5, 5τ. */
export function paperSizeInstance(sA: number, sB: number, q: number): TransferTheoryInstance {
  return {
    spec: {
      inputDim: 100,
      examples: 100,
      outputDimA: 50,
      outputDimB: 50,
      hiddenDims: [50],
      singularValuesA: [sA * Math.SQRT2],
      singularValuesB: [sB * Math.SQRT2],
      alignment: q,
      noiseStd: Math.SQRT2,
      learningRate: 1e-3,
      initScale: 1e-5,
    },
    horizonTau: 5,
  };
}

/** Mean and SE of T^{A←B} over `runs` simulated runs (decoupled engine: the aligned GD students, exact) of an instance (8.2). */
export function simulatedTransfer(
  inst: TransferTheoryInstance,
  runs: number,
  seed: number,
): { mean: number; se: number } {
  const c = resolveTransferConfig({
    ...inst.spec,
    epochs: Math.round(inst.horizonTau / inst.spec.learningRate),
    reportEvery: 5,
    runs,
    seed,
  });
  const ts: number[] = [];
  for (let r = 0; r < runs; r++) ts.push(simulateTransferRun(c, r, { engine: 'decoupled' }).transfer);
  const m = meanSe(ts);
  return { mean: m.mean, se: m.se ?? Infinity };
}
