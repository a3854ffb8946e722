import { describe, expect, it } from 'vitest';
import { chi } from './chi.js';
import { createRng } from './rng.js';

describe('chi', () => {
  // χ_k² has mean k and E[χ⁴] = k(k+2); the sample means of χ² and χ⁴ over n draws must sit within
  // 5 standard errors (Var χ² = 2k, Var χ⁴ = k(k+2)(k+4)(k+6) − k²(k+2)²): a wrong shape shifts them by far more.
  it.each([1, 2, 3, 7, 50, 999])('χ_%i has the moments of a sum of squared normals', (k) => {
    const rng = createRng(`chi-${k}`);
    const n = 4000;
    let m2 = 0;
    let m4 = 0;
    let least = Infinity;
    for (let i = 0; i < n; i++) {
      const x = chi(rng, k);
      least = Math.min(least, x);
      m2 += (x * x) / n;
      m4 += (x * x * x * x) / n;
    }
    expect(least).toBeGreaterThanOrEqual(0);
    const e4 = k * (k + 2);
    expect(Math.abs(m2 - k), `seed chi-${k}`).toBeLessThan(5 * Math.sqrt((2 * k) / n));
    expect(Math.abs(m4 - e4), `seed chi-${k}`).toBeLessThan(
      5 * Math.sqrt((k * (k + 2) * (k + 4) * (k + 6) - e4 * e4) / n),
    );
  });

  it('is 0 for k = 0, seeded, and refuses a bad k naming it', () => {
    expect(chi(createRng(1), 0)).toBe(0);
    expect(chi(createRng(5), 12)).toBe(chi(createRng(5), 12));
    expect(() => chi(createRng(1), 2.5)).toThrow(/degrees of freedom .* got 2\.5/);
    expect(() => chi(createRng(1), -1)).toThrow(/got -1/);
  });
});
