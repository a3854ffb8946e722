import { describe, expect, it } from 'vitest';
import { gemmInto, matmulReference } from './gemm.js';
import { zeros, type Mat } from './mat.js';
import { createWorkspace, kernelBackend, threadArena } from '../kernels/arena.js';
import { refOf, runOp, sumSq, type KernelOp } from '../kernels/ops.js';

// Deterministic pseudo-random fill (no dependence on the project's streams).
function filled(rows: number, cols: number, seed: number): Mat {
  const m = zeros(rows, cols);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < m.data.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    m.data[i] = (s >>> 0) / 2 ** 31 - 1;
  }
  return m;
}

function maxRel(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return den === 0 ? num : num / den;
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 3, 1],
  [2, 1, 5],
  [3, 3, 3],
  [4, 4, 4],
  [5, 7, 9],
  [7, 2, 6],
  [8, 5, 3],
  [13, 17, 11],
  [16, 16, 16],
  [50, 50, 100],
  [50, 100, 50],
  [9, 64, 33],
  [33, 1, 2],
  [6, 0, 4],
];
const TRANS: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];
const SCALARS: [number, number][] = [
  [1, 0],
  [1, 1],
  [-0.5, 2],
  [1e-3, 1],
];

describe('kernels', () => {
  it('are the WebAssembly ones when the build has run (npm test builds first)', () => {
    expect(kernelBackend()).toBe(process.env.DLGEN_KERNELS === 'js' ? 'js' : 'wasm');
  });

  it('gemmInto matches the textbook product to 1e-12 relative, every shape, transposition, α and β', () => {
    let seed = 1;
    for (const [m, k, n] of SHAPES) {
      for (const [tA, tB] of TRANS) {
        for (const [alpha, beta] of SCALARS) {
          const a = tA ? filled(k, m, seed++) : filled(m, k, seed++);
          const b = tB ? filled(n, k, seed++) : filled(k, n, seed++);
          const c0 = filled(m, n, seed++);
          const c = { ...c0, data: c0.data.slice() };
          gemmInto(c, a, b, { transA: tA, transB: tB, alpha, beta });
          const ref = matmulReference(a, b, tA, tB);
          const want = new Float64Array(m * n);
          for (let i = 0; i < want.length; i++) want[i] = alpha * ref.data[i] + beta * c0.data[i];
          expect(maxRel(c.data, want), `${m}×${k}×${n} ${tA} ${tB} α=${alpha} β=${beta}`).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('WebAssembly and JavaScript kernels agree bit for bit, and so does any cut of the output rows into blocks', () => {
    let seed = 99;
    for (const [m, k, n] of SHAPES) {
      for (const [tA, tB] of TRANS.slice(0, 3)) {
        for (const [alpha, beta] of SCALARS) {
          const a = tA ? filled(k, m, seed++) : filled(m, k, seed++);
          const b = tB ? filled(n, k, seed++) : filled(k, n, seed++);
          const c0 = filled(m, n, seed++);
          const results: Float64Array[] = [];
          for (const js of [false, true]) {
            for (const per of [m, 4, 3, 2, 1]) {
              const ws = createWorkspace(
                [
                  [m, n],
                  [a.rows, a.cols],
                  [b.rows, b.cols],
                ],
                js,
              );
              const [wc, wa, wb] = ws.mats;
              wc.data.set(c0.data);
              wa.data.set(a.data);
              wb.data.set(b.data);
              const op: KernelOp = {
                kind: 'gemm',
                c: refOf(ws.heap, wc),
                a: refOf(ws.heap, wa),
                b: refOf(ws.heap, wb),
                transA: tA,
                transB: tB,
                alpha,
                beta,
              };
              // A team's threads run whole blocks of rows in any order (src/kernels/program.ts).
              for (let lo = 0; lo < m; lo += per) runOp(ws.heap, ws.kernels, op, lo, Math.min(m, lo + per));
              results.push(wc.data.slice());
              ws.release();
            }
          }
          for (const r of results.slice(1))
            expect(Buffer.from(r.buffer).equals(Buffer.from(results[0].buffer))).toBe(true);
        }
      }
    }
  });

  it('element-wise kernels agree bit for bit with their twins', () => {
    for (const len of [1, 2, 7, 64, 101]) {
      const s = filled(1, len, 3);
      const w = filled(1, len, 4);
      const out: Float64Array[] = [];
      const sums: number[] = [];
      for (const js of [false, true]) {
        const ws = createWorkspace(
          [
            [1, len],
            [1, len],
            [1, len],
          ],
          js,
        );
        const [o, ss, ww] = ws.mats;
        ss.data.set(s.data);
        ww.data.set(w.data);
        runOp(
          ws.heap,
          ws.kernels,
          { kind: 'sub', out: refOf(ws.heap, o), s: refOf(ws.heap, ss), w: refOf(ws.heap, ww), d: 1.7 },
          0,
          1,
        );
        runOp(ws.heap, ws.kernels, { kind: 'axpy', y: refOf(ws.heap, o), x: refOf(ws.heap, ww), alpha: -0.3 }, 0, 1);
        runOp(ws.heap, ws.kernels, { kind: 'xpay', y: refOf(ws.heap, o), x: refOf(ws.heap, ss), alpha: 0.25 }, 0, 1);
        out.push(o.data.slice());
        sums.push(sumSq(ws.heap, ws.kernels, refOf(ws.heap, o)));
        ws.release();
      }
      expect(sums[0]).toBe(sums[1]);
      expect(Math.abs(sums[0] - out[0].reduce((a, x) => a + x * x, 0))).toBeLessThan(1e-12 * sums[0]);
      expect(Buffer.from(out[0].buffer).equals(Buffer.from(out[1].buffer))).toBe(true);
      for (let i = 0; i < len; i++)
        expect(out[0][i]).toBe(s.data[i] + 0.25 * (s.data[i] - 1.7 * w.data[i] + -0.3 * w.data[i]));
    }
  });

  it('matrices allocated before the arena grows stay usable by gemmInto', () => {
    const small = createWorkspace([
      [40, 40],
      [40, 40],
      [40, 40],
    ]);
    const [c, a, b] = small.mats;
    a.data.set(filled(40, 40, 5).data);
    b.data.set(filled(40, 40, 6).data);
    const big = createWorkspace([[4096, 4096]]); // 128 MiB: forces the memory to grow
    gemmInto(c, a, b);
    const ref = matmulReference(a, b);
    expect(maxRel(c.data, ref.data)).toBeLessThan(1e-12);
    const out = zeros(40, 40);
    gemmInto(out, a, filled(40, 40, 6)); // mixed: arena and foreign operands
    expect(maxRel(out.data, ref.data)).toBeLessThan(1e-12);
    big.release();
    small.release();
  });

  it('workspaces are released in stack order and reuse the arena', () => {
    const arena = threadArena();
    if (!arena) return;
    const depth = arena.stack.length;
    const a = createWorkspace([[10, 10]]);
    const b = createWorkspace([[3, 3]]);
    a.release();
    expect(arena.stack.length).toBe(depth + 2);
    b.release();
    expect(arena.stack.length).toBe(depth);
  });
});
