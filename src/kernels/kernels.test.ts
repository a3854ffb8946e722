import { describe, expect, it } from 'vitest';
import { createWorkspace, threadArena } from './arena.js';
import { refOf, runOp, type KernelOp } from './ops.js';
import { decodeProgram, encodeProgram, runSegment, runSharedSegment, shareProgram, type Program } from './program.js';
import { CALL_WIDTH } from './ops.js';

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

describe('shareProgram and runSharedSegment', () => {
  // A small deep epoch: products of 10 and 7 rows (blocks of 4 with a remainder), an element-wise
  // op of 5000 elements (blocks of 2048 or more) and an axpy.
  const ws = createWorkspace([
    [10, 12],
    [12, 9],
    [10, 9],
    [7, 10],
    [7, 9],
    [50, 100],
    [50, 100],
    [50, 100],
  ]);
  const [x, y, xy, z, zxy, s, w, out] = ws.mats;
  const r = (m: typeof x) => refOf(ws.heap, m);
  const program: Program = {
    a: [{ kind: 'gemm', c: r(xy), a: r(x), b: r(y), transA: false, transB: false, alpha: 1, beta: 0 }],
    b: [
      { kind: 'gemm', c: r(zxy), a: r(z), b: r(xy), transA: false, transB: false, alpha: 0.5, beta: 1 },
      { kind: 'sub', out: r(out), s: r(s), w: r(w), d: 0.25 },
      { kind: 'axpy', y: r(w), x: r(out), alpha: 1e-3 },
      { kind: 'gemm', c: r(x), a: r(xy), b: r(y), transA: false, transB: true, alpha: 1e-3, beta: 1 },
    ],
  };
  const fill = () => {
    let seed = 3;
    for (const m of ws.mats) for (let i = 0; i < m.data.length; i++) m.data[i] = (seed = (seed * 69069 + 1) >>> 0) / 2 ** 32 - 0.5; // prettier-ignore
  };

  it('cuts every op into blocks that cover its output rows once, in order', () => {
    const shared = shareProgram(program);
    expect(shared.slots).toBe(program.a.length + program.b.length + program.a.length);
    const blocks = shared.b.map((op) => op.blocks);
    // 7 rows of a product: 4 + 3; 50 rows of 100 elements: 21 + 21 + 8 rows; 10 rows: 4 + 4 + 2.
    expect(blocks).toEqual([2, 3, 3, 3]);
    const sub = shared.b[1];
    const starts = Array.from({ length: sub.blocks }, (_, j) => sub.calls[CALL_WIDTH * j + 2] - r(out).off);
    const counts = Array.from({ length: sub.blocks }, (_, j) => sub.calls[CALL_WIDTH * j + 5]);
    expect(starts).toEqual([0, 2100, 4200]);
    expect(counts).toEqual([2100, 2100, 800]);
  });

  it('cut into blocks on one thread gives the bits of whole ops (runSegment), over several segments of one load', () => {
    fill();
    runSegment(ws.heap, ws.kernels, program, 0, true);
    for (let i = 0; i < 3; i++) runSegment(ws.heap, ws.kernels, program, 4, false);
    const want = ws.mats.map((m) => m.data.slice());
    fill();
    const shared = shareProgram(program);
    const claims = new Int32Array(new SharedArrayBuffer(4 * shared.slots));
    const team = { claims, seen: new Int32Array(shared.slots), threads: 1, barrier: () => {} };
    runSharedSegment(ws.heap, ws.kernels, shared, team, 0, true);
    for (let i = 0; i < 3; i++) runSharedSegment(ws.heap, ws.kernels, shared, team, 4, false);
    ws.mats.forEach((m, i) => expect(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength).equals(Buffer.from(want[i].buffer))).toBe(true)); // prettier-ignore
    // Each run of an op moved its counter by blocks + 1 (the one failed claim), as `seen` expects.
    expect(Array.from(claims)).toEqual(Array.from(team.seen));
    // 3 segments of 4 epochs, each run of b's first op: its blocks and the one failed claim.
    expect(claims[shared.b[0].slot]).toBe(3 * 4 * (shared.b[0].blocks + team.threads));
  });
});
