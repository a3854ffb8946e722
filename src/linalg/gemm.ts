import { arenaRef, createWorkspace, inArena, threadArena } from '../kernels/arena.js';
import { gemmBcJs, gemmDotJs, gemmTtJs } from '../kernels/jsKernels.js';
import { runOp } from '../kernels/ops.js';
import { zeros, type Mat } from './mat.js';

/** Options of `gemmInto`: C ← α·op(A)·op(B) + β·C. */
export interface GemmOptions {
  transA?: boolean;
  transB?: boolean;
  alpha?: number;
  beta?: number;
}

/** Products at least this large (m·k·n) on operands outside the kernel arena are copied in. */
const COPY_IN_MIN_WORK = 32768;

/**
 * C ← α·op(A)·op(B) + β·C on row-major Float64Array storage (α·op(A)·op(B) when β = 0).
 * Runs the WebAssembly SIMD kernels (src/kernels) when available, directly on operands that
 * live in the thread's kernel arena and through a copy for large ones elsewhere, and the
 * bit-identical JavaScript twins otherwise: the result never depends on the path taken.
 * Trusts its inputs' shapes after one check; C must not alias A or B.
 */
export function gemmInto(c: Mat, a: Mat, b: Mat, opts: GemmOptions = {}): Mat {
  const { transA = false, transB = false, alpha = 1, beta = 0 } = opts;
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const kb = transB ? b.cols : b.rows;
  const n = transB ? b.rows : b.cols;
  if (k !== kb || c.rows !== m || c.cols !== n) {
    throw new RangeError(`gemmInto: op(A) is ${m}×${k}, op(B) is ${kb}×${n}, C is ${c.rows}×${c.cols}`);
  }
  if (c.data === a.data || c.data === b.data) throw new RangeError('gemmInto: C must not alias A or B');
  const cd = c.data;
  if (alpha === 0 || k === 0) {
    if (beta === 0) cd.fill(0);
    else if (beta !== 1) for (let i = 0; i < cd.length; i++) cd[i] *= beta;
    return c;
  }
  if (m === 0 || n === 0) return c;
  const arena = !(transA && transB) ? threadArena() : null;
  if (arena && inArena(arena, c) && inArena(arena, a) && inArena(arena, b)) {
    const r = (x: Mat) => arenaRef(arena, x);
    runOp(arena.heap, arena.kernels, { kind: 'gemm', c: r(c), a: r(a), b: r(b), transA, transB, alpha, beta }, 0, m);
  } else if (arena && m * k * n >= COPY_IN_MIN_WORK) {
    // Copy in only the operands that live outside the arena.
    const ops = [c, a, b];
    const foreign = ops.map((x) => !inArena(arena, x));
    const ws = createWorkspace(ops.filter((_, i) => foreign[i]).map((x) => [x.rows, x.cols] as const));
    try {
      let next = 0;
      const [wc, wa, wb] = ops.map((x, i) => (foreign[i] ? ws.mats[next++] : x));
      if (foreign[1]) wa.data.set(a.data);
      if (foreign[2]) wb.data.set(b.data);
      if (foreign[0] && beta !== 0) wc.data.set(cd);
      const r = (x: Mat) => arenaRef(arena, x);
      runOp(
        arena.heap,
        arena.kernels,
        { kind: 'gemm', c: r(wc), a: r(wa), b: r(wb), transA, transB, alpha, beta },
        0,
        m,
      );
      if (foreign[0]) cd.set(wc.data);
    } finally {
      ws.release();
    }
  } else if (!transB) {
    gemmBcJs(cd, 0, a.data, 0, b.data, 0, m, k, n, transA ? 1 : k, transA ? m : 1, n, n, alpha, beta);
  } else if (!transA) {
    gemmDotJs(cd, 0, a.data, 0, b.data, 0, m, k, n, k, k, n, alpha, beta);
  } else {
    gemmTtJs(cd, 0, a.data, 0, b.data, 0, m, k, n, alpha, beta);
  }
  return c;
}

/** op(A)·op(B) as a new matrix. */
export function matmul(a: Mat, b: Mat, opts: Omit<GemmOptions, 'beta'> = {}): Mat {
  const m = opts.transA ? a.cols : a.rows;
  const n = opts.transB ? b.rows : b.cols;
  return gemmInto(zeros(m, n), a, b, { ...opts, beta: 0 });
}

/** Reference product op(A)·op(B) by the textbook triple loop; used to test the kernels. */
export function matmulReference(a: Mat, b: Mat, transA = false, transB = false): Mat {
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const n = transB ? b.rows : b.cols;
  const out = zeros(m, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const x = transA ? a.data[p * a.cols + i] : a.data[i * a.cols + p];
        const y = transB ? b.data[j * b.cols + p] : b.data[p * b.cols + j];
        s += x * y;
      }
      out.data[i * n + j] = s;
    }
  }
  return out;
}
