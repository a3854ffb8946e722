import { describe, expect, it } from 'vitest';
import { createWorkspace, threadArena } from './arena.js';
import { encodeCalls, refOf, runOp, type KernelOp, type MatRef } from './ops.js';
import {
  compileCalls,
  compiledAt,
  decodeProgram,
  encodeProgram,
  runCompiledSegment,
  runSegment,
  type Program,
} from './program.js';

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

describe('compiled programs (run_segment)', () => {
  it.skipIf(!wasm)('replay runSegment on one thread bit for bit, with and without `after`', () => {
    // Five 6×6 matrices (rows not a multiple of four: every block kind runs) and every op kind.
    const ws = createWorkspace(Array.from({ length: 5 }, () => [6, 6] as const));
    const [m0, m1, m2, m3, m4] = ws.mats.map((x) => refOf(ws.heap, x));
    const gemm = (c: MatRef, a: MatRef, b: MatRef, transA: boolean, transB: boolean, alpha: number, beta: number) =>
      ({ kind: 'gemm', c, a, b, transA, transB, alpha, beta }) as const;
    const a: KernelOp[] = [gemm(m2, m0, m1, false, false, 1, 0), { kind: 'sub', out: m3, s: m4, w: m2, d: 0.7 }];
    const b: KernelOp[] = [
      gemm(m0, m3, m1, true, false, 1e-2, 1),
      gemm(m1, m3, m0, false, true, -1e-2, 1),
      { kind: 'axpy', y: m4, x: m3, alpha: 1e-3 },
      { kind: 'xpay', y: m4, x: m0, alpha: 0.5 },
    ];
    const end = m4.off + 36;
    for (const program of [
      { a, b },
      { a, b, after: a.slice(1) },
    ] as Program[]) {
      let seed = 3;
      for (const x of ws.mats)
        for (let i = 0; i < x.data.length; i++) x.data[i] = (seed = (seed * 69069 + 1) >>> 0) / 2 ** 32 - 0.5;
      const twin = ws.heap.slice(0, end);
      runSegment(twin, null, program, 3, true);
      const calls = compileCalls(program)!;
      const code = createWorkspace([[1, calls.length]]);
      code.mats[0].data.set(calls);
      runCompiledSegment(ws.kernels!, compiledAt(program, code.mats[0].data.byteOffset), 3, true);
      code.release();
      const same = Array.from(twin).every((x, i) => Object.is(x, ws.heap[i]));
      expect(same, `after: ${program.after !== undefined}`).toBe(true);
    }
    ws.release();
  });

  it('are not compiled when an op has no WebAssembly kernel (a transposed-transposed product)', () => {
    const m = { off: 0, rows: 2, cols: 2 };
    const tt: KernelOp = { kind: 'gemm', c: m, a: m, b: m, transA: true, transB: true, alpha: 1, beta: 0 };
    expect(compileCalls({ a: [tt], b: [] })).toBeUndefined();
    expect(encodeCalls([tt])).toBeUndefined();
  });
});
