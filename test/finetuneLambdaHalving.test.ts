import { describe, expect, it } from 'vitest';
import { ft06DepthMap, ft6Gap, ft6Run, type Ft6Spec } from '../src/claims/ft06DepthMap.js';

// FT6's GD–(A5) gap is a discretisation effect of order λ: halving the step halves it (within ±20 %).
const base: Omit<Ft6Spec, 'step' | 'hiddenDims' | 'seed'> = {
  inputDim: 8,
  outputDim: 1,
  examples: 3,
  covariance: { kind: 'powerLaw', exponent: 0.5 },
  sourceNorm: 1,
  targetScale: 2,
  targetAngle: 0.7,
  noiseStd: 0,
};

describe('FT6: the GD–(A5) gap is linear in λ', () => {
  it.each([
    { depth: 2, hiddenDims: [8], seed: 11 },
    { depth: 3, hiddenDims: [8, 8], seed: 12 },
    { depth: 5, hiddenDims: [5, 6, 7, 8], seed: 13 },
  ])('depth $depth: halving λ halves the gap', ({ hiddenDims, seed }) => {
    const gaps = [0.02, 0.01, 0.005].map((step) => {
      const r = ft6Run({ ...base, hiddenDims, seed, step }, ft06DepthMap.implementation);
      return ft6Gap(r.gd, r.theory, r.source);
    });
    if (process.env.DLGEN_PRINT_GAPS) console.log(hiddenDims.length + 1, gaps);
    for (let i = 0; i + 1 < gaps.length; i++) {
      const ratio = gaps[i] / gaps[i + 1];
      expect(ratio, `gaps ${gaps.join(', ')}`).toBeGreaterThan(1.6);
      expect(ratio, `gaps ${gaps.join(', ')}`).toBeLessThan(2.4);
    }
  });
});
