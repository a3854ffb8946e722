import { describe, expect, it } from 'vitest';
import { createRng, normals } from '../random/rng.js';
import { completeBasis } from './completeBasis.js';
import { matmul } from './gemm.js';
import { haarColumns } from './haar.js';
import { fromFactors, type Mat } from './mat.js';
import { frobenius, frobeniusDistSq } from './norms.js';
import { singularValues, svd } from './svd.js';

function gramError(q: Mat): number {
  const g = matmul(q, q, { transA: true });
  let worst = 0;
  for (let i = 0; i < g.rows; i++)
    for (let j = 0; j < g.cols; j++) worst = Math.max(worst, Math.abs(g.data[i * g.cols + j] - (i === j ? 1 : 0)));
  return worst;
}

describe('svd', () => {
  for (const [m, n] of [
    [7, 7],
    [5, 12],
    [12, 5],
    [50, 100],
    [1, 4],
  ] as const) {
    it(`reconstructs a ${m}×${n} matrix with orthonormal factors, descending values and fixed signs`, () => {
      const a: Mat = { rows: m, cols: n, data: normals(createRng(`svd${m}x${n}`), m * n) };
      const { u, s, v } = svd(a);
      const k = Math.min(m, n);
      expect([u.rows, u.cols, v.rows, v.cols, s.length]).toEqual([m, k, n, k, k]);
      expect(Math.sqrt(frobeniusDistSq(fromFactors(u, s, v), a))).toBeLessThan(1e-12 * frobenius(a));
      expect(gramError(u)).toBeLessThan(1e-12);
      expect(gramError(v)).toBeLessThan(1e-12);
      for (let i = 1; i < k; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
      for (let c = 0; c < k; c++) {
        let best = 0;
        for (let i = 0; i < m; i++) if (Math.abs(u.data[i * k + c]) > Math.abs(u.data[best * k + c])) best = i;
        expect(u.data[best * k + c]).toBeGreaterThan(0);
      }
      expect(Array.from(singularValues(a)).map((x, i) => Math.abs(x - s[i]) < 1e-12 * s[0])).toEqual(
        new Array(k).fill(true),
      );
    });
  }

  it('recovers planted singular values and vectors exactly', () => {
    const rng = createRng('planted');
    const u0 = haarColumns(9, 3, rng.fork('u'));
    const v0 = haarColumns(6, 3, rng.fork('v'));
    const { u, s, v } = svd(fromFactors(u0, [5, 2, 0.5], v0));
    expect(Array.from(s.slice(0, 3)).map((x) => Number(x.toFixed(12)))).toEqual([5, 2, 0.5]);
    for (let c = 0; c < 3; c++) {
      let du = 0;
      let dv = 0;
      for (let i = 0; i < 9; i++) du += u.data[i * 6 + c] * u0.data[i * 3 + c];
      for (let j = 0; j < 6; j++) dv += v.data[j * 6 + c] * v0.data[j * 3 + c];
      expect(Math.abs(Math.abs(du) - 1)).toBeLessThan(1e-12);
      expect(du * dv).toBeGreaterThan(0); // signs flip together
    }
  });

  it('is deterministic', () => {
    const a: Mat = { rows: 6, cols: 10, data: normals(createRng('det'), 60) };
    expect(Array.from(svd(a).u.data)).toEqual(Array.from(svd(a).u.data));
  });

  it('completes an orthonormal frame to a full orthogonal basis that keeps the frame', () => {
    const q = haarColumns(8, 3, createRng('frame'));
    const full = completeBasis(q);
    expect(gramError(full)).toBeLessThan(1e-12);
    for (let i = 0; i < 8; i++) for (let j = 0; j < 3; j++) expect(full.data[i * 8 + j]).toBe(q.data[i * 3 + j]);
  });
});
