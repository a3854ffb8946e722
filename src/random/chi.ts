import type { Rng } from './rng.js';

/**
 * One draw of χ_k (the norm of k independent standard normals), exactly in law at O(1) cost:
 * χ_k = √(2G) with G ~ Gamma(k/2, 1) by Marsaglia & Tsang's squeeze-and-reject method for k ≥ 2
 * (shape ≥ 1), χ_1 = |N(0, 1)|, χ_0 = 0.
 */
export function chi(rng: Rng, k: number): number {
  if (!(Number.isInteger(k) && k >= 0))
    throw new RangeError(`chi: degrees of freedom must be an integer ≥ 0, got ${k}`);
  if (k === 0) return 0;
  if (k === 1) return Math.abs(rng.normal());
  return Math.sqrt(2 * gammaAtLeastOne(rng, k / 2));
}

/** Gamma(shape, 1) for shape ≥ 1 (Marsaglia & Tsang 2000): d·v with v = (1 + c·x)³, x normal, accepted by the squeeze or the log test. */
function gammaAtLeastOne(rng: Rng, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = 1 - rng.uniform();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}
