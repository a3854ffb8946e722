import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/simulationConfig.js';
import {
  DivergenceError,
  floorDigits,
  modeConverges,
  shortNumber,
  stableLearningRate,
  stableStep,
} from './divergence.js';
import { simulateRun, taskOfRun } from './simulate.js';

const seed = Number(process.env.DLGEN_SEED ?? 20190104);

describe('the stability bound of the per-mode recursion (3.9)', () => {
  it('is the linear 2/D_w for the simultaneous order and lower for the sequential one', () => {
    expect(stableStep(2, 2.5e-6, 'simultaneous')).toBeGreaterThan(0.98);
    const seq = stableStep(2, 2.5e-6, 'sequential');
    // Measured threshold of the sequential recursion at ε/s* = 2.5e-6: x = 0.8925 diverges.
    expect(seq).toBeGreaterThan(0.87);
    expect(seq).toBeLessThan(0.8925);
    expect(modeConverges(0.8925, 2, 2.5e-6, 'sequential')).toBe(false);
    expect(stableStep(3, 1e-5, 'sequential')).toBeLessThan(0.6145);
    expect(stableStep(4, 1e-5, 'sequential')).toBeLessThan(0.4725);
  });

  it('advises a learning rate at which every scalar run below it converges', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.double({ min: -10, max: Math.log10(0.5), noNaN: true }),
        fc.constantFrom('sequential' as const, 'simultaneous' as const),
        fc.double({ min: 0.05, max: 0.999, noNaN: true }),
        (depth, logRatio, update, u) => {
          const ratio = 10 ** logRatio;
          return modeConverges(u * stableStep(depth, ratio, update), depth, ratio, update);
        },
      ),
      { seed, numRuns: 25 },
    );
  });

  it('following the advice, gradient descent on a real task converges; the old 1/ŝ1 bound diverges (sequential)', () => {
    for (const [hiddenDims, initScale] of [[[10]], [[10, 10, 10], 1e-3]] as [number[], number?][]) {
      const base = resolveConfig({
        inputDim: 20,
        examples: 20,
        outputDim: 10,
        hiddenDims,
        teacherSingularValues: [4],
        initScale: initScale ?? 1e-5,
        epochs: 4000,
        reportEvery: 4000,
        runs: 1,
        seed,
      });
      const task = taskOfRun(base, 0);
      const depth = hiddenDims.length + 1;
      const advised = stableLearningRate(task, depth, { update: 'sequential', initScale: base.initScale });
      const ok = simulateRun({ ...base, learningRate: 0.99 * advised }, 0);
      expect(ok.testError.every(Number.isFinite)).toBe(true);
      expect(Math.abs(ok.trainError.at(-1)! - ok.trainError.at(-1)!)).toBe(0);
      if (depth === 2) {
        // λ = 0.97/ŝ1 is below the balanced-point bound 1/ŝ1 but above the sequential one.
        expect(() => simulateRun({ ...base, learningRate: 0.97 / task.svd31.s[0] }, 0)).toThrow(DivergenceError);
      }
    }
  });

  it('prints advice rounded down, never as 0.00000100', () => {
    expect(floorDigits(0.23567, 3)).toBeCloseTo(0.235, 12);
    expect(shortNumber(1e-6)).toBe('1.00e-6');
    expect(shortNumber(0.235)).toBe('0.235');
    expect(new DivergenceError(3, 1, 0.23567, 'x').message).toContain('learningRate < 0.235 ');
  });
});
