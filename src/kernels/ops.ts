import { axpyJs, gemmBcJs, gemmDotJs, gemmTtJs, subScaledJs, sumSqJs, xpayJs } from './jsKernels.js';
import type { WasmKernels } from './wasmModule.js';

/**
 * A row-major float64 matrix: structurally the same as linalg's Mat, declared here so that the
 * kernels sit below linalg (linalg's products call the kernels, never the other way round).
 */
export interface DenseMat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A matrix inside a workspace heap: element offset and shape (plain data, can cross threads). */
export interface MatRef {
  readonly off: number;
  readonly rows: number;
  readonly cols: number;
}

/** C ← α·op(A)·op(B) + β·C on workspace matrices. */
export interface GemmOp {
  readonly kind: 'gemm';
  readonly c: MatRef;
  readonly a: MatRef;
  readonly b: MatRef;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly alpha: number;
  readonly beta: number;
}

/** out ← s − d·w element-wise (E = Σ31 − D·W). */
export interface SubOp {
  readonly kind: 'sub';
  readonly out: MatRef;
  readonly s: MatRef;
  readonly w: MatRef;
  readonly d: number;
}

/** y ← y + α·x ('axpy') or y ← x + α·y ('xpay') element-wise. */
export interface AxpyOp {
  readonly kind: 'axpy' | 'xpay';
  readonly y: MatRef;
  readonly x: MatRef;
  readonly alpha: number;
}

/** One step of a kernel program; its output rows can be split between threads. */
export type KernelOp = GemmOp | SubOp | AxpyOp;

/** The workspace reference of a matrix that is a view on `heap`. */
export function refOf(heap: Float64Array, m: DenseMat): MatRef {
  if (m.data.buffer !== heap.buffer) throw new RangeError('refOf: matrix is not in this workspace');
  return { off: (m.data.byteOffset - heap.byteOffset) / 8, rows: m.rows, cols: m.cols };
}

/** Number of output rows of an op (the rows threads split). */
export function outputRows(op: KernelOp): number {
  switch (op.kind) {
    case 'gemm':
      return op.c.rows;
    case 'sub':
      return op.out.rows;
    case 'axpy':
    case 'xpay':
      return op.y.rows;
  }
}

/** Rows [lo, hi) of thread `tid` of `threads`: whole pairs of rows, split evenly. */
export function shareOf(rows: number, tid: number, threads: number): [number, number] {
  return [shareStart(rows, tid, threads), shareStart(rows, tid + 1, threads)];
}

/**
 * First row of thread `tid`'s share (the end of the last thread's share when tid = threads).
 * Shares are whole pairs of rows (the kernels' smallest two-row block), so 50 rows split 24/26
 * rather than 28/22 in blocks of four: the slowest thread of a team sets the pace.
 */
export function shareStart(rows: number, tid: number, threads: number): number {
  return Math.min(rows, 2 * Math.floor((Math.ceil(rows / 2) * tid) / threads));
}

/**
 * Runs rows [lo, hi) of an op on `heap`, with the WebAssembly kernels when given (heap must
 * then view their memory from offset 0) and with the bit-identical JavaScript twins otherwise.
 */
export function runOp(heap: Float64Array, k: WasmKernels | null, op: KernelOp, lo: number, hi: number): void {
  if (hi <= lo) return;
  const rows = hi - lo;
  if (op.kind === 'gemm') {
    const { c, a, b, transA, transB, alpha, beta } = op;
    const m = c.rows;
    const n = c.cols;
    const kk = transA ? a.rows : a.cols;
    const cOff = c.off + lo * n;
    if (!transB) {
      const ar = transA ? 1 : a.cols;
      const ap = transA ? m : 1;
      const aOff = a.off + lo * ar;
      if (k) k.gemm_bc(8 * cOff, 8 * aOff, 8 * b.off, rows, kk, n, 8 * ar, 8 * ap, 8 * n, 8 * n, alpha, beta);
      else gemmBcJs(heap, cOff, heap, aOff, heap, b.off, rows, kk, n, ar, ap, n, n, alpha, beta);
    } else if (!transA) {
      const aOff = a.off + lo * kk;
      if (k) k.gemm_dot(8 * cOff, 8 * aOff, 8 * b.off, rows, kk, n, 8 * kk, 8 * kk, 8 * n, alpha, beta);
      else gemmDotJs(heap, cOff, heap, aOff, heap, b.off, rows, kk, n, kk, kk, n, alpha, beta);
    } else {
      if (lo !== 0 || hi !== m) throw new RangeError('runOp: a transposed-transposed product cannot be split');
      gemmTtJs(heap, c.off, heap, a.off, heap, b.off, m, kk, n, alpha, beta);
    }
  } else if (op.kind === 'sub') {
    const cols = op.out.cols;
    const count = rows * cols;
    const o = op.out.off + lo * cols;
    const s = op.s.off + lo * cols;
    const w = op.w.off + lo * cols;
    if (k) k.sub_scaled(8 * o, 8 * s, 8 * w, count, op.d);
    else subScaledJs(heap, o, heap, s, heap, w, count, op.d);
  } else {
    const cols = op.y.cols;
    const count = rows * cols;
    const y = op.y.off + lo * cols;
    const x = op.x.off + lo * cols;
    if (op.kind === 'axpy') {
      if (k) k.axpy(8 * y, 8 * x, count, op.alpha);
      else axpyJs(heap, y, heap, x, count, op.alpha);
    } else if (k) k.xpay(8 * y, 8 * x, count, op.alpha);
    else xpayJs(heap, y, heap, x, count, op.alpha);
  }
}

/** Σ of the squared entries of a workspace matrix (same value on either backend). */
export function sumSq(heap: Float64Array, k: WasmKernels | null, m: MatRef): number {
  const count = m.rows * m.cols;
  return k ? k.sumsq(8 * m.off, count) : sumSqJs(heap, m.off, count);
}
