import { describe, expect, it } from 'vitest';
import { createRng, normals } from '../random/rng.js';
import { gemmInto, matmul, matmulReference } from './gemm.js';
import { zeros, type Mat } from './mat.js';

function randomMat(rows: number, cols: number, seed: string): Mat {
  return { rows, cols, data: normals(createRng(seed), rows * cols) };
}

function maxRelDiff(a: Mat, b: Mat): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.data.length; i++) {
    scale = Math.max(scale, Math.abs(b.data[i]));
    diff = Math.max(diff, Math.abs(a.data[i] - b.data[i]));
  }
  return diff / Math.max(scale, 1e-300);
}

describe('gemmInto', () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [8, 4, 9],
    [13, 17, 6],
    [50, 100, 50],
  ];
  for (const [m, k, n] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`matches the triple loop for ${m}×${k}·${k}×${n}, transA=${transA}, transB=${transB}`, () => {
          const a = transA ? randomMat(k, m, `a${m}${k}`) : randomMat(m, k, `a${m}${k}`);
          const b = transB ? randomMat(n, k, `b${k}${n}`) : randomMat(k, n, `b${k}${n}`);
          const ref = matmulReference(a, b, transA, transB);
          expect(maxRelDiff(matmul(a, b, { transA, transB }), ref)).toBeLessThan(1e-13);
          // α and β: C ← 2·op(A)op(B) − 0.5·C
          const c0 = randomMat(m, n, 'c');
          const c = { ...c0, data: new Float64Array(c0.data) };
          gemmInto(c, a, b, { transA, transB, alpha: 2, beta: -0.5 });
          const expected = { rows: m, cols: n, data: ref.data.map((v, i) => 2 * v - 0.5 * c0.data[i]) };
          expect(maxRelDiff(c, expected)).toBeLessThan(1e-13);
        });
      }
    }
  }

  it('refuses mismatched shapes and aliasing', () => {
    const a = zeros(2, 3);
    expect(() => gemmInto(zeros(2, 2), a, zeros(2, 2))).toThrow(/op\(A\) is 2×3/);
    const sq = zeros(2, 2);
    expect(() => gemmInto(sq, sq, zeros(2, 2))).toThrow(/alias/);
  });
});
