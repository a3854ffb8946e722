import { describe, expect, it } from 'vitest';
import { createWorkspace, threadArena } from './arena.js';
import { refOf, runOp, type KernelOp } from './ops.js';
import { decodeProgram, encodeProgram, type Program } from './program.js';

const wasm = threadArena() !== null;

describe('the WebAssembly products', () => {
  // Sizes 1…10 and 13 reach every register block and remainder: rows in fours, a pair and a single
  // row; columns in eights, fours, pairs and one; odd and even k (the dot product's tail).
  const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13];
  it.skipIf(!wasm)('equal their JavaScript twins bit for bit on every block shape (NN, TN, NT; β = 0 and 1)', () => {
    const ws = createWorkspace([
      [13, 13],
      [13, 13],
      [13, 13],
    ]);
    expect(ws.kernels).not.toBeNull();
    const [a, b, c] = ws.mats;
    // The workspace's floats end here (the twins run on a copy of the heap up to it).
    const end = refOf(ws.heap, c).off + 13 * 13 + 8;
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5;
    const mismatches: string[] = [];
    for (const m of sizes)
      for (const k of sizes)
        for (const n of sizes)
          for (const [transA, transB] of [
            [false, false],
            [true, false],
            [false, true],
          ] as const) {
            const beta = (m + k + n) % 2;
            for (const x of [a, b, c]) for (let i = 0; i < x.data.length; i++) x.data[i] = next() * 100 ** next();
            const shape = (rows: number, cols: number, at: typeof a) => ({ ...refOf(ws.heap, at), rows, cols });
            const op: KernelOp = {
              kind: 'gemm',
              c: shape(m, n, c),
              a: transA ? shape(k, m, a) : shape(m, k, a),
              b: transB ? shape(n, k, b) : shape(k, n, b),
              transA,
              transB,
              alpha: 0.37,
              beta,
            };
            const twin = ws.heap.slice(0, end);
            runOp(twin, null, op, 0, m);
            runOp(ws.heap, ws.kernels, op, 0, m);
            for (let i = 0; i < end; i++) {
              if (!Object.is(ws.heap[i], twin[i])) {
                mismatches.push(`m=${m} k=${k} n=${n} transA=${transA} transB=${transB}: element ${i}`);
                break;
              }
            }
          }
    ws.release();
    expect(mismatches).toEqual([]);
  });
});

describe('encodeProgram', () => {
  const ref = (off: number) => ({ off, rows: 2, cols: 3 });
  const gemm: KernelOp = {
    kind: 'gemm',
    c: ref(0),
    a: ref(8),
    b: ref(16),
    transA: true,
    transB: false,
    alpha: 2,
    beta: 1,
  };
  const sub: KernelOp = { kind: 'sub', out: ref(24), s: ref(32), w: ref(0), d: 0.5 };
  const axpy: KernelOp = { kind: 'axpy', y: ref(8), x: ref(24), alpha: 1e-3 };
  it('round-trips a program with and without the ops that follow b', () => {
    const plain: Program = { a: [gemm, sub], b: [axpy, gemm] };
    const withAfter: Program = { ...plain, after: [sub] };
    expect(decodeProgram(encodeProgram(plain))).toEqual(plain);
    expect(decodeProgram(encodeProgram(withAfter))).toEqual(withAfter);
  });
});
