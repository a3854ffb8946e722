import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbNoiseModel, arbSpikedModel } from './spikedModel.js';

describe('random-matrix arbitraries', () => {
  it('noise models respect sizes, aspect, N1 cap and σ range', () => {
    fc.assert(
      fc.property(
        arbNoiseModel({
          minOutputDim: 20,
          maxOutputDim: 60,
          minAspect: 0.1,
          maxAspect: 0.8,
          maxInputDim: 300,
          minNoiseStd: 0.2,
          maxNoiseStd: 3,
        }),
        (m) => {
          expect(m.outputDim).toBeGreaterThanOrEqual(20);
          expect(m.outputDim).toBeLessThanOrEqual(60);
          expect(m.inputDim).toBeLessThanOrEqual(300);
          expect(m.aspect).toBe(m.outputDim / m.inputDim);
          expect(m.aspect).toBeLessThanOrEqual(0.8);
          expect(m.aspect).toBeGreaterThanOrEqual(0.1 - 1e-12);
          expect(m.noiseStd).toBeGreaterThanOrEqual(0.2);
          expect(m.noiseStd).toBeLessThanOrEqual(3);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('places spikes above, below or anywhere relative to θ_A = σ A^{1/4}', () => {
    fc.assert(
      fc.property(
        arbSpikedModel({
          maxOutputDim: 30,
          minRank: 1,
          maxRank: 3,
          placement: 'above',
          minExcess: 0.5,
          maxExcess: 2,
          minSeparation: 1,
          maxSeparation: 2,
        }),
        (m) => {
          const s = m.teacherSingularValues;
          expect(m.threshold).toBeCloseTo(m.noiseStd * Math.pow(m.aspect, 0.25), 12);
          expect(s[s.length - 1]).toBeGreaterThanOrEqual(m.threshold + 0.5 * m.noiseStd - 1e-12);
          expect(s[s.length - 1]).toBeLessThanOrEqual(m.threshold + 2 * m.noiseStd + 1e-12);
          for (let k = 1; k < s.length; k++) expect(s[k - 1] - s[k]).toBeGreaterThanOrEqual(m.noiseStd * (1 - 1e-12));
        },
      ),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(arbSpikedModel({ maxOutputDim: 30, maxRank: 2, placement: 'below', maxFraction: 0.5 }), (m) => {
        for (const s of m.teacherSingularValues) expect(s).toBeLessThanOrEqual(0.5 * m.threshold + 1e-12);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(
        arbSpikedModel({ maxOutputDim: 30, minRank: 0, maxRank: 3, placement: 'anywhere', maxRatio: 4 }),
        (m) => {
          expect(m.teacherSingularValues.length).toBeLessThanOrEqual(3);
          for (const s of m.teacherSingularValues) expect(s).toBeLessThanOrEqual(4 * m.noiseStd + 1e-12);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('validates its constraints when built', () => {
    expect(() => arbNoiseModel({ minAspect: 0, maxAspect: 1 })).toThrow(/minAspect/);
    expect(() => arbNoiseModel({ maxAspect: 1.5 })).toThrow(/maxAspect/);
    expect(() => arbNoiseModel({ maxOutputDim: 50, maxInputDim: 40 })).toThrow(/maxInputDim/);
    expect(() => arbNoiseModel({ minNoiseStd: 0 })).toThrow(/minNoiseStd/);
    expect(() => arbSpikedModel({ minOutputDim: 2, maxOutputDim: 5, maxRank: 3 })).toThrow(/maxRank/);
    expect(() => arbSpikedModel({ placement: 'middle' as 'above' })).toThrow(/placement/);
    expect(() => arbSpikedModel({ minExcess: -1 })).toThrow(/minExcess/);
    expect(() => arbSpikedModel({ maxFraction: 1 })).toThrow(/maxFraction/);
    expect(() => arbSpikedModel({ minSeparation: 0 })).toThrow(/minSeparation/);
  });
});
