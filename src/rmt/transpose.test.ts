import { describe, expect, it } from 'vitest';
import { mpDensity, mpEdges, mpEigenvalueDensity, mpEigenvalueEdges } from './marchenkoPastur.js';
import { mpCdf, mpEigenvalueCdf, mpQuantile } from './mpCdf.js';
import {
  detectabilityThreshold,
  inputOverlapSq,
  noisySingularValue,
  outputOverlapSq,
  overlap,
  signalFromNoisy,
} from './spikedModel.js';

describe('N3 > N1: the scalar formulas transpose (§0.3)', () => {
  it('equal the A ≤ 1 formulas at 1/A with the noise scale σ√A, the overlaps swapping sides', () => {
    const [a, s, sBar] = [2.5, 0.7, 3];
    const [b, t] = [1 / a, s * Math.sqrt(a)];
    expect(mpEdges(a, s)).toEqual(mpEdges(b, t));
    expect(mpDensity(1.4, a, s)).toBe(mpDensity(1.4, b, t));
    expect(mpCdf(1.4, a, s)).toBe(mpCdf(1.4, b, t));
    expect(mpQuantile(0.3, a, s)).toBe(mpQuantile(0.3, b, t));
    expect(detectabilityThreshold(a, s)).toBe(detectabilityThreshold(b, t));
    expect(noisySingularValue(sBar, a, s)).toBe(noisySingularValue(sBar, b, t));
    expect(outputOverlapSq(sBar, a, s)).toBe(inputOverlapSq(sBar, b, t));
    expect(inputOverlapSq(sBar, a, s)).toBe(outputOverlapSq(sBar, b, t));
    expect(overlap(sBar, a, s)).toBe(overlap(sBar, b, t));
    expect(signalFromNoisy(noisySingularValue(sBar, a, s), a, s)).toBeCloseTo(sBar, 12);
  });

  it('the noise edge of an N3 × N1 matrix with N3 > N1 is σ(√(N3/N1) + 1) in the 1/N1 convention', () => {
    // Singular values of an N3×N1 matrix with entries of variance σ²/N1 fill σ|√(N3/N1) ± 1|.
    expect(mpEdges(4, 1).upper).toBeCloseTo(3, 14);
    expect(mpEdges(4, 1).lower).toBeCloseTo(1, 14);
  });
});

describe('σ_z = 0 and the eigenvalue convention', () => {
  it('has no density away from 0 when there is no noise', () => {
    expect(mpDensity(0.3, 0.5, 0)).toBe(0);
    expect(mpDensity(0, 0.5, 0)).toBe(Infinity);
  });

  it('gives the density and CDF of μ = x² with the Jacobian 1/(2√μ)', () => {
    const [a, s] = [0.4, 1.3];
    const { lower, upper } = mpEigenvalueEdges(a, s);
    expect(lower).toBeCloseTo((s * (1 - Math.sqrt(a))) ** 2, 14);
    expect(upper).toBeCloseTo((s * (1 + Math.sqrt(a))) ** 2, 14);
    // Midpoint rule over the eigenvalue support: total mass 1 and mean E μ = σ² (the second moment of x).
    const n = 200_000;
    let mass = 0;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const mu = lower + ((i + 0.5) / n) * (upper - lower);
      const w = (mpEigenvalueDensity(mu, a, s) * (upper - lower)) / n;
      mass += w;
      mean += w * mu;
    }
    expect(mass).toBeCloseTo(1, 4);
    expect(mean).toBeCloseTo(s * s, 3);
    expect(mpEigenvalueCdf(upper, a, s)).toBe(1);
    expect(mpEigenvalueCdf(-1, a, s)).toBe(0);
    expect(mpEigenvalueCdf(2, a, s)).toBe(mpCdf(Math.sqrt(2), a, s));
    expect(mpEigenvalueDensity(-1, a, s)).toBe(0);
  });
});
