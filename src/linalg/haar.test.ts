import { QrDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { createRng, normals, type Rng } from '../random/rng.js';
import { fromMl, toMl } from './bridge.js';
import { matmul } from './gemm.js';
import { haarBlock, haarColumns, haarOrthogonal } from './haar.js';
import type { Mat } from './mat.js';

function orthogonalityError(q: Mat): number {
  const g = matmul(q, q, { transA: true });
  let worst = 0;
  for (let i = 0; i < g.rows; i++)
    for (let j = 0; j < g.cols; j++) worst = Math.max(worst, Math.abs(g.data[i * g.cols + j] - (i === j ? 1 : 0)));
  return worst;
}

/** Moments of the first column's first entry over many draws: E x² = 1/n, E x⁴ = 3/(n(n+2)), P(x > 0) = 1/2. */
function firstEntryStats(draw: (rng: Rng) => Mat, n: number, draws: number) {
  let m2 = 0;
  let m4 = 0;
  let positive = 0;
  const root = createRng('haar-moments');
  for (let d = 0; d < draws; d++) {
    const x = draw(root.fork(`draw${d}`)).data[0];
    m2 += x * x;
    m4 += x ** 4;
    if (x > 0) positive++;
  }
  return { m2: m2 / draws, m4: m4 / draws, positive: positive / draws };
}

describe('Haar orthogonal matrices', () => {
  it('are orthogonal to 1e-12', () => {
    for (const n of [1, 2, 5, 50, 120]) expect(orthogonalityError(haarOrthogonal(n, createRng(n)))).toBeLessThan(1e-12);
    expect(orthogonalityError(haarColumns(80, 7, createRng('cols')))).toBeLessThan(1e-12);
  });

  it('have orthonormal rows or columns for rectangular blocks', () => {
    const wide = haarBlock(4, 9, createRng('w'));
    expect(wide.rows).toBe(4);
    const rowsGram = matmul(wide, wide, { transB: true });
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) expect(Math.abs(rowsGram.data[i * 4 + j] - (i === j ? 1 : 0))).toBeLessThan(1e-12);
    expect(orthogonalityError(haarBlock(9, 4, createRng('t')))).toBeLessThan(1e-12);
  });

  // n = 5, 4000 draws: sd(x²) = √(3/35 − 1/25) ≈ 0.214, so SE(m2) ≈ 0.0034; 5 SE bounds give a
  // false-failure probability below 1e-6 per moment (the draws are seeded, so the test is deterministic).
  const n = 5;
  const draws = 4000;
  it('have a first column uniform on the sphere (second and fourth moments, sign symmetry)', () => {
    const s = firstEntryStats((rng) => haarOrthogonal(n, rng), n, draws);
    const se2 = Math.sqrt(3 / (n * (n + 2)) - 1 / n ** 2) / Math.sqrt(draws);
    expect(Math.abs(s.m2 - 1 / n)).toBeLessThan(5 * se2);
    const m8 = 105 / (n * (n + 2) * (n + 4) * (n + 6)); // E x⁸ on the sphere
    const se4 = Math.sqrt(m8 - (3 / (n * (n + 2))) ** 2) / Math.sqrt(draws);
    expect(Math.abs(s.m4 - 3 / (n * (n + 2)))).toBeLessThan(5 * se4);
    expect(Math.abs(s.positive - 0.5)).toBeLessThan((5 * 0.5) / Math.sqrt(draws));
  });

  it('planted bug: QR without the sign fix is not Haar (the sign check rejects it)', () => {
    const unfixed = (rng: Rng): Mat =>
      fromMl(new QrDecomposition(toMl({ rows: n, cols: n, data: normals(rng, n * n) })).orthogonalMatrix);
    const s = firstEntryStats(unfixed, n, 400);
    expect(Math.abs(s.positive - 0.5)).toBeGreaterThan((5 * 0.5) / Math.sqrt(400));
  });

  it('reject impossible sizes', () => {
    expect(() => haarColumns(3, 4, createRng(1))).toThrow(/0 ≤ k ≤ n/);
  });
});

describe('haarColumns on Float64Array', () => {
  it('equals the ml-matrix QR it replaces bit for bit (same Householder order), with progress', () => {
    for (const [n, k] of [
      [1, 1],
      [5, 3],
      [40, 40],
      [64, 17],
    ] as const) {
      const rng = createRng(`bits${n}x${k}`);
      const seen: number[] = [];
      const fast = haarColumns(n, k, rng.fork('a'), (done) => seen.push(done));
      const g = { rows: n, cols: k, data: normals(rng.fork('a'), n * k) };
      const qr = new QrDecomposition(toMl(g));
      const q = fromMl(qr.orthogonalMatrix);
      const r = qr.upperTriangularMatrix;
      for (let j = 0; j < k; j++)
        if (r.get(j, j) < 0) for (let i = 0; i < n; i++) q.data[i * k + j] = -q.data[i * k + j];
      expect(Array.from(fast.data)).toEqual(Array.from(q.data));
      expect(orthogonalityError(fast)).toBeLessThan(1e-13);
      if (k >= 16) expect(seen.length).toBeGreaterThan(0);
    }
  });
});
