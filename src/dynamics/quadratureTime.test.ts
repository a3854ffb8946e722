import { describe, expect, it } from 'vitest';
import { deepTime } from './deepStrength.js';
import { timeToReachByQuadrature } from './quadratureTime.js';

/**
 * [m, ε, S, s, T(s)] by mpmath at 40 digits (T = (1/m)∫ (S ± e^w)^{−p} dw over w = ln|u − S|, a smooth
 * integrand), with τ = c = 1: s a few ulps from ε, or s − ε ≈ 1e-9 (S − ε), i.e. tiny times.
 */
const NEAR_START: readonly (readonly [number, number, number, number, number])[] = [
  [3, 1.000000000000001e-12, 9.999999485332149e-13, 1.0000000000000008e-12, 13079528.714732908165],
  [3, 1.000000000000001e-12, 9.999999485332149e-13, 9.99999999999799e-13, 13079554350.251293141],
  [4, 0.001, 0.0010000001, 0.0010000000000000002, 0.000017142741558525091393],
  [6, 0.1, 0.0999999, 0.09999999999999996, 3.2207492467777965568e-9],
  [3, 3.2838584900203664e-10, 183.8709608843049, 1.8419934673297856e-7, 6.927156995169589922623858],
  [4, 8.540485006441972e-12, 2.221774229284052e-9, 8.540487219675716e-12, 10016502.93355828490706453],
  [5, 0.00012606638002761773, 1000.0, 0.00012706637990155136, 0.000344607973073316760773487],
  [6, 4.2656065304384333e-11, 1.3173755101337675e-17, 4.2656065261728283e-11, 32004722.97406215060606383],
];

describe('timeToReachByQuadrature (3.7)', () => {
  it('is accurate to 1e-13 relative at tiny times, where s is within ulps of ε (was 3e-5 off; observed ≤ 1.1e-14)', () => {
    for (const [m, eps, big, s, ref] of NEAR_START) {
      const q = timeToReachByQuadrature(s, big, { initScale: eps, tau: 1, depth: m });
      expect(Math.abs(q - ref) / ref, `m=${m} ε=${eps} S=${big} s=${s}: ${q} vs ${ref}`).toBeLessThan(1e-13);
    }
  });

  it('agrees with the closed form to 1e-13 on both sides of ε over the whole path (independent paths)', () => {
    for (const m of [3, 4, 6]) {
      for (const [eps, big] of [
        [1e-5, 3],
        [1e-12, 0.7],
        [0.1, 0.1 * (1 + 1e-6)],
        [0.1, 0.1 * (1 - 1e-6)],
        [1e-3, 1e-9],
      ]) {
        for (const f of [1e-12, 1e-6, 0.01, 0.5, 0.999]) {
          const s = eps + f * (big - eps);
          if (s === eps) continue;
          const q = timeToReachByQuadrature(s, big, { initScale: eps, tau: 1, depth: m });
          expect(Math.abs(q - deepTime(s, big, eps, m)) / q, `m=${m} ε=${eps} S=${big} f=${f}`).toBeLessThan(1e-13);
        }
      }
    }
  });

  it('scales with τ/c and rejects points outside (ε, ŝ/c)', () => {
    const o = { initScale: 1e-4, tau: 250, depth: 4, inputScale: 2 };
    expect(timeToReachByQuadrature(0.3, 2, o) / ((250 / 2) * deepTime(0.3, 1, 1e-4, 4))).toBeCloseTo(1, 13);
    expect(() => timeToReachByQuadrature(1.5, 2, o)).toThrow(/s must lie between/);
    expect(() => timeToReachByQuadrature(0.3, 0, o)).toThrow(/sHat > 0/);
  });
});
