import { describe, expect, it } from 'vitest';
import { F10, f10Config, f10Sizes } from './f10Nonlinear.js';

// F10 at --quick: the cheapest unit (D_w = 2, rank 1) twice; the series counts per panel are checked
// with every other figure in test/figures/figures.test.ts.
describe('F10 (THEORY.md §10 F10)', () => {
  it('a unit gives byte-identical rows for the same seed and other simulation rows for another seed', async () => {
    const unit = F10.units.find((u) => u.id === 'F10/dw2rank1')!;
    const a = await unit.run({ size: 'quick', seed: 3, workers: 1 });
    const b = await unit.run({ size: 'quick', seed: 3, workers: 1 });
    const c = await unit.run({ size: 'quick', seed: 4, workers: 1 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const sim = (r: typeof a) => JSON.stringify(r.rows.filter((x) => x.kind === 'simulation'));
    expect(sim(c)).not.toBe(sim(a));
    // Fall then rise (§9.6): each test curve's minimum lies strictly inside the run, well below ln 1 = 0.
    for (const m of [5, 10, 30]) {
      const ys = a.rows.filter((x) => x.panel === 'E' && x.series === `leaky ReLU · m = ${m}`).map((x) => x.y);
      const i = ys.indexOf(Math.min(...ys));
      expect(i).toBeGreaterThan(0);
      expect(i).toBeLessThan(ys.length - 1);
      expect(ys[i]).toBeLessThan(ys[ys.length - 1] - 0.2);
    }
  }, 60_000);

  it('paper sizes are §10 F10’s: N1 = 100 one-hot, widths 50, λ = 2e-4, ε = 1e-5, 40 000 / 500 000 epochs every 50, leaky ReLU 0.1', () => {
    const c2 = f10Config(f10Sizes('paper', 2), 2, 3, 10, 1, 0);
    expect([c2.inputDim, c2.examples, c2.inputs, c2.hiddenDims, c2.outputDim]).toEqual([100, 100, 'onehot', [50], 50]);
    expect([c2.learningRate, c2.initScale, c2.epochs, c2.reportEvery, c2.activation, c2.leakySlope]).toEqual([
      2e-4,
      1e-5,
      40000,
      50,
      'leakyRelu',
      0.1,
    ]);
    expect(c2.teacherSingularValues).toEqual([30, 20, 10]);
    expect(c2.noiseStd ** 2).toBeCloseTo(2, 14);
    const c4 = f10Config(f10Sizes('paper', 4), 4, 1, 5, 1, 0);
    expect([c4.hiddenDims, c4.epochs]).toEqual([[50, 50, 50], 500000]);
    const lin = f10Config(f10Sizes('paper', 4), 4, 1, 5, 1, 0, true);
    expect('activation' in lin).toBe(false);
  });
});
