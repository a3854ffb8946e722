import { describe, expect, it } from 'vitest';
import { topSingularTriplet, topSingularTripletOf, type DenseMatrix, type MatrixOperator } from './topSingular.js';

/** A deterministic normal-ish source (sum of uniforms from a linear congruential stream). */
function source(seed: number) {
  let s = seed;
  const u = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return { normal: () => u() + u() + u() - 1.5 };
}

function dense(rows: number, cols: number, seed: number): DenseMatrix {
  const g = source(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => g.normal()) };
}

function operatorOf(m: DenseMatrix): MatrixOperator {
  return {
    rows: m.rows,
    cols: m.cols,
    mul(x, y) {
      for (let i = 0; i < m.rows; i++) {
        let a = 0;
        for (let j = 0; j < m.cols; j++) a += m.data[i * m.cols + j] * x[j];
        y[i] = a;
      }
    },
    mulT(x, y) {
      y.fill(0);
      for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) y[j] += m.data[i * m.cols + j] * x[i];
    },
  };
}

describe('topSingularTripletOf', () => {
  it.each([
    [5, 9],
    [30, 31],
    [12, 12],
  ])('gives the dense Lanczos triplet of a %i×%i matrix', (rows, cols) => {
    const m = dense(rows, cols, rows * 7 + cols);
    const a = topSingularTripletOf(operatorOf(m), source(3), 1e-12);
    const b = topSingularTriplet(m, source(3), 1e-12);
    expect(Math.abs(a.s - b.s)).toBeLessThan(1e-12 * b.s);
    let du = 0;
    for (let i = 0; i < rows; i++) du += a.u[i] * b.u[i];
    let dv = 0;
    for (let j = 0; j < cols; j++) dv += a.v[j] * b.v[j];
    expect(Math.abs(Math.abs(du) - 1)).toBeLessThan(1e-9);
    expect(Math.abs(Math.abs(dv) - 1)).toBeLessThan(1e-9);
  });

  it('refuses more rows than columns', () => {
    expect(() => topSingularTripletOf(operatorOf(dense(4, 3, 1)), source(1))).toThrow(/rows ≤ cols, got 4×3/);
  });
});
