import { describe, expect, it } from 'vitest';
import { createRng, normals } from './rng.js';

describe('seeded streams', () => {
  it('gives the same numbers for the same seed and different ones for another seed', () => {
    const a = normals(createRng(42), 100);
    const b = normals(createRng(42), 100);
    const c = normals(createRng(43), 100);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('forks by name, independently of how many draws the parent or a sibling made', () => {
    const root1 = createRng(7);
    const noise1 = normals(root1.fork('noise'), 20);
    const root2 = createRng(7);
    for (let i = 0; i < 1000; i++) root2.uniform(); // draws in the parent
    normals(root2.fork('teacher'), 500); // and in a sibling
    const noise2 = normals(root2.fork('noise'), 20);
    expect(Array.from(noise2)).toEqual(Array.from(noise1));
    expect(Array.from(normals(createRng(7).fork('teacher'), 20))).not.toEqual(Array.from(noise1));
  });

  it('draws standard normals: mean 0, variance 1, kurtosis 3 within 5 standard errors', () => {
    const n = 200_000;
    const x = normals(createRng('moments'), n);
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (const v of x) {
      m1 += v;
      m2 += v * v;
      m4 += v ** 4;
    }
    m1 /= n;
    m2 /= n;
    m4 /= n;
    // Standard errors: sd(x)=1, sd(x²)=√2, sd(x⁴)=√96.
    expect(Math.abs(m1)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m2 - 1)).toBeLessThan((5 * Math.SQRT2) / Math.sqrt(n));
    expect(Math.abs(m4 - 3)).toBeLessThan((5 * Math.sqrt(96)) / Math.sqrt(n));
  });

  it('draws uniforms in [0, 1) with 53-bit resolution', () => {
    const r = createRng(1);
    let fine = 0;
    for (let i = 0; i < 1000; i++) {
      const u = r.uniform();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      if (Math.round(u * 2 ** 32) !== u * 2 ** 32) fine++;
    }
    expect(fine).toBeGreaterThan(990);
  });

  it('rejects non-finite seeds and slashes in stream names', () => {
    expect(() => createRng(Number.NaN)).toThrow(/seed/);
    expect(() => createRng(1).fork('a/b')).toThrow(/'\/'/);
  });
});
