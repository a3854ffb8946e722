import { describe, expect, it } from 'vitest';
import { axisSpikedData, bidiagonalSpike, LANCZOS_TOLERANCE, spikeDrawJob } from '../../src/figures/spikeDraw.js';
import { topSingularTriplet } from '../../src/numerics/topSingular.js';
import { createRng } from '../../src/random/rng.js';

/** The dense matrix of an operator, column by column from `mul`, and row by row from `mulT`. */
function densify(op: ReturnType<typeof bidiagonalSpike>) {
  const byMul = new Float64Array(op.rows * op.cols);
  const byMulT = new Float64Array(op.rows * op.cols);
  const y = new Float64Array(op.rows);
  const z = new Float64Array(op.cols);
  for (let j = 0; j < op.cols; j++) {
    const e = new Float64Array(op.cols);
    e[j] = 1;
    op.mul(e, y);
    for (let i = 0; i < op.rows; i++) byMul[i * op.cols + j] = y[i];
  }
  for (let i = 0; i < op.rows; i++) {
    const e = new Float64Array(op.rows);
    e[i] = 1;
    op.mulT(e, z);
    byMulT.set(z, i * op.cols);
  }
  return { byMul, byMulT };
}

function meanSe(xs: number[]) {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(v / n) };
}

describe('F2 spike draws in bidiagonal form', () => {
  it('has the stated sparsity, with mulT the transpose of mul', () => {
    const op = bidiagonalSpike(6, 10, 2, 1, createRng('shape'));
    const { byMul, byMulT } = densify(op);
    expect(Array.from(byMulT)).toEqual(Array.from(byMul));
    for (let i = 1; i < 6; i++)
      for (let j = 0; j < 7; j++) {
        const allowed = j === 0 || j === i || j === i - 1;
        if (!allowed) expect(byMul[i * 7 + j], `(${i}, ${j})`).toBe(0);
        else if (j !== i - 1 || i >= 2) expect(byMul[i * 7 + j], `(${i}, ${j})`).not.toBe(0);
      }
    expect(() => bidiagonalSpike(11, 10, 1, 1, createRng(1))).toThrow(/1 ≤ N3 ≤ N1, got 11×10/);
  });

  // Exact in law: ŝ1, the overlap û1[0]v̂1[0] and ‖M‖²_F of the bidiagonal form against dense draws of
  // M = s̄ e1e1ᵀ + Z (300 draws each, N1 = 40, N3 = 20): means within 5 combined standard errors. A wrong χ
  // degree shifts ‖M‖² by ≥ σ² (10 SE here), a misplaced entry moves ŝ1 or the overlap.
  it.each([0, 1.2, 3])('matches dense draws in law at s̄ = %f', (sBar) => {
    const n = 300;
    const fast = { s: [] as number[], o: [] as number[], f: [] as number[] };
    const slow = { s: [] as number[], o: [] as number[], f: [] as number[] };
    for (let d = 0; d < n; d++) {
      const path = `law/${sBar}/${d}`;
      const got = spikeDrawJob({ n1: 40, n3: 20, sBar, path });
      fast.s.push(got.sHat);
      fast.o.push(got.overlap);
      const { byMul } = densify(bidiagonalSpike(20, 40, sBar, 1, createRng(path).fork('bidiagonal')));
      fast.f.push(byMul.reduce((a, b) => a + b * b, 0));
      const m = axisSpikedData(20, 40, [sBar], 1, createRng(path).fork('data'));
      const t = topSingularTriplet(m, createRng(path).fork('lanczos'), LANCZOS_TOLERANCE);
      slow.s.push(t.s);
      slow.o.push(t.u[0] * t.v[0]);
      slow.f.push(m.data.reduce((a, b) => a + b * b, 0));
    }
    for (const key of ['s', 'o', 'f'] as const) {
      const a = meanSe(fast[key]);
      const b = meanSe(slow[key]);
      expect(Math.abs(a.mean - b.mean), `${key} at s̄ = ${sBar}`).toBeLessThan(5 * Math.hypot(a.se, b.se));
    }
    // ‖M‖²_F has mean s̄² + N3·N1·σ² = s̄² + 20 exactly.
    const f = meanSe(fast.f);
    expect(Math.abs(f.mean - (sBar * sBar + 20))).toBeLessThan(5 * f.se);
  });
});
