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

/** Numbers per encoded kernel call: the kernel's code, a flag slot for program runners, then its arguments. */
export const CALL_WIDTH = 14;

/** Kernel codes of encoded calls (0: an empty share, nothing to run). */
const CALL = { none: 0, bc: 1, dot: 2, tt: 3, sub: 4, axpy: 5, xpay: 6 } as const;

/**
 * Writes rows [lo, hi) of an op as one kernel call at `calls[at…at+CALL_WIDTH)`: the kernel's
 * code, then its arguments in elements (offsets, sizes, strides) and scalars; slot at+1 is left
 * for the caller. Resolving an op once and running the call many times keeps per-op work out
 * of hot loops.
 */
export function encodeCall(calls: Float64Array, at: number, op: KernelOp, lo: number, hi: number): void {
  calls.fill(0, at, at + CALL_WIDTH);
  if (hi <= lo) return;
  const rows = hi - lo;
  const put = (code: number, args: readonly number[]) => {
    calls[at] = code;
    calls.set(args, at + 2);
  };
  if (op.kind === 'gemm') {
    const { c, a, b, transA, transB, alpha, beta } = op;
    const m = c.rows;
    const n = c.cols;
    const kk = transA ? a.rows : a.cols;
    const cOff = c.off + lo * n;
    if (!transB) {
      const ar = transA ? 1 : a.cols;
      const ap = transA ? m : 1;
      put(CALL.bc, [cOff, a.off + lo * ar, b.off, rows, kk, n, ar, ap, n, n, alpha, beta]);
    } else if (!transA) {
      put(CALL.dot, [cOff, a.off + lo * kk, b.off, rows, kk, n, kk, kk, n, alpha, beta]);
    } else {
      if (lo !== 0 || hi !== m) throw new RangeError('runOp: a transposed-transposed product cannot be split');
      put(CALL.tt, [c.off, a.off, b.off, m, kk, n, alpha, beta]);
    }
  } else if (op.kind === 'sub') {
    const cols = op.out.cols;
    put(CALL.sub, [op.out.off + lo * cols, op.s.off + lo * cols, op.w.off + lo * cols, rows * cols, op.d]);
  } else {
    const cols = op.y.cols;
    put(op.kind === 'axpy' ? CALL.axpy : CALL.xpay, [
      op.y.off + lo * cols,
      op.x.off + lo * cols,
      rows * cols,
      op.alpha,
    ]);
  }
}

/**
 * Runs the encoded call at `calls[at]` on `heap`, with the WebAssembly kernels when given (heap
 * must then view their memory from offset 0; offsets and strides go to them in bytes) and with
 * the bit-identical JavaScript twins otherwise.
 */
export function runCall(heap: Float64Array, k: WasmKernels | null, calls: Float64Array, at: number): void {
  const code = calls[at];
  if (code === CALL.none) return;
  // The arguments, in elements: three offsets, then sizes, strides and scalars by kernel
  // (indexed loads: no view or iterator is made in the hot loop).
  const x = at + 2;
  const o1 = calls[x];
  const o2 = calls[x + 1];
  const o3 = calls[x + 2];
  const p4 = calls[x + 3];
  const p5 = calls[x + 4];
  const p6 = calls[x + 5];
  const p7 = calls[x + 6];
  const p8 = calls[x + 7];
  const p9 = calls[x + 8];
  const p10 = calls[x + 9];
  const p11 = calls[x + 10];
  const p12 = calls[x + 11];
  switch (code) {
    case CALL.bc:
      if (k) k.gemm_bc(8 * o1, 8 * o2, 8 * o3, p4, p5, p6, 8 * p7, 8 * p8, 8 * p9, 8 * p10, p11, p12);
      else gemmBcJs(heap, o1, heap, o2, heap, o3, p4, p5, p6, p7, p8, p9, p10, p11, p12);
      return;
    case CALL.dot:
      if (k) k.gemm_dot(8 * o1, 8 * o2, 8 * o3, p4, p5, p6, 8 * p7, 8 * p8, 8 * p9, p10, p11);
      else gemmDotJs(heap, o1, heap, o2, heap, o3, p4, p5, p6, p7, p8, p9, p10, p11);
      return;
    case CALL.tt:
      gemmTtJs(heap, o1, heap, o2, heap, o3, p4, p5, p6, p7, p8);
      return;
    case CALL.sub:
      if (k) k.sub_scaled(8 * o1, 8 * o2, 8 * o3, p4, p5);
      else subScaledJs(heap, o1, heap, o2, heap, o3, p4, p5);
      return;
    case CALL.axpy:
      if (k) k.axpy(8 * o1, 8 * o2, o3, p4);
      else axpyJs(heap, o1, heap, o2, o3, p4);
      return;
    case CALL.xpay:
      if (k) k.xpay(8 * o1, 8 * o2, o3, p4);
      else xpayJs(heap, o1, heap, o2, o3, p4);
      return;
  }
}

/** One call's scratch for `runOp` (a thread runs one op at a time). */
const single = new Float64Array(CALL_WIDTH);

/**
 * Runs rows [lo, hi) of an op on `heap`, with the WebAssembly kernels when given (heap must
 * then view their memory from offset 0) and with the bit-identical JavaScript twins otherwise.
 */
export function runOp(heap: Float64Array, k: WasmKernels | null, op: KernelOp, lo: number, hi: number): void {
  encodeCall(single, 0, op, lo, hi);
  runCall(heap, k, single, 0);
}

/** Σ of the squared entries of a workspace matrix (same value on either backend). */
export function sumSq(heap: Float64Array, k: WasmKernels | null, m: MatRef): number {
  const count = m.rows * m.cols;
  return k ? k.sumsq(8 * m.off, count) : sumSqJs(heap, m.off, count);
}
