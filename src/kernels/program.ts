import { outputRows, runOp, shareStart, type KernelOp, type MatRef } from './ops.js';
import type { WasmKernels } from './wasmModule.js';

/**
 * A loop of kernel ops: `a` computes what the host inspects between epochs (W, E), `b`
 * advances one epoch. A segment of `count` epochs runs b, a', b, a', … (`a` first when asked),
 * where a' is `after` when given, else `a`: `after` is the tail of `a` that `b` does not
 * already leave up to date (e.g. the sequential update computes the partial products
 * W^l⋯W^1 of the new layers, which are exactly a's first products). Plain numbers only, so it
 * can be encoded for helper threads sharing the memory.
 */
export interface Program {
  readonly a: readonly KernelOp[];
  readonly b: readonly KernelOp[];
  readonly after?: readonly KernelOp[];
}

/** Waits until every thread of a team has arrived; absent for one thread. */
export type Barrier = () => void;

/**
 * Runs this thread's rows of each op in order, with a barrier between dependent ops when
 * threads > 1. `fenced`: a barrier (or the start of a segment) came right before the first op;
 * `then`: the op that will follow the last one. Returns whether the last op ended in a barrier.
 */
export function runOps(
  heap: Float64Array,
  kernels: WasmKernels | null,
  ops: readonly KernelOp[],
  tid: number,
  threads: number,
  barrier?: Barrier,
  fenced = true,
  then?: KernelOp,
): boolean {
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    const rows = outputRows(op);
    if (threads === 1) runOp(heap, kernels, op, 0, rows);
    else runOp(heap, kernels, op, shareStart(rows, tid, threads), shareStart(rows, tid + 1, threads));
    if (threads > 1) {
      const skip = rowLocal(op, i + 1 < ops.length ? ops[i + 1] : then, fenced);
      if (!skip) barrier!();
      fenced = !skip;
    }
  }
  return fenced;
}

/**
 * True when `next` needs nothing another thread is still writing: it reads only the rows of
 * `op`'s output that this thread just wrote (split the same way) plus data completed before a
 * barrier. Either an element-wise op on the product's output (its other operand is never
 * written by a program), or a product whose left factor is that output and whose right factor
 * `op` did not write, when a barrier came right before `op` (so earlier writes are complete).
 */
function rowLocal(op: KernelOp, next: KernelOp | undefined, fencedBeforeOp: boolean): boolean {
  if (op.kind !== 'gemm' || next === undefined) return false;
  if (next.kind === 'sub') return next.w.off === op.c.off && next.out.rows === op.c.rows && next.out.off !== op.c.off;
  return (
    fencedBeforeOp &&
    next.kind === 'gemm' &&
    !next.transA &&
    !next.transB &&
    next.a.off === op.c.off &&
    next.a.rows === op.c.rows &&
    next.b.off !== op.c.off &&
    next.c.off !== op.c.off
  );
}

/** One segment of a program: [a], then `count` times (b, a') with a' = `after` ?? `a`. */
export function runSegment(
  heap: Float64Array,
  kernels: WasmKernels | null,
  program: Program,
  count: number,
  withA: boolean,
  tid = 0,
  threads = 1,
  barrier?: Barrier,
): void {
  if (withA) runOps(heap, kernels, program.a, tid, threads, barrier);
  const after = program.after ?? program.a;
  for (let i = 0; i < count; i++) {
    const fenced = runOps(heap, kernels, program.b, tid, threads, barrier, true, after[0]);
    runOps(heap, kernels, after, tid, threads, barrier, fenced);
  }
}

const OP_WIDTH = 14;
/** Encoded header: the lengths of a, b and after (−1: no after). */
const HEADER = 3;
const KINDS = ['gemm', 'sub', 'axpy', 'xpay'] as const;

/** The program as a flat array of numbers (for a helper thread's shared buffer). */
export function encodeProgram(p: Program): Float64Array {
  const ops = [...p.a, ...p.b, ...(p.after ?? [])];
  const out = new Float64Array(HEADER + OP_WIDTH * ops.length);
  out[0] = p.a.length;
  out[1] = p.b.length;
  out[2] = p.after ? p.after.length : -1;
  ops.forEach((op, i) => {
    const o = HEADER + OP_WIDTH * i;
    const put = (at: number, r: MatRef) => {
      out[o + at] = r.off;
      out[o + at + 1] = r.rows;
      out[o + at + 2] = r.cols;
    };
    out[o] = KINDS.indexOf(op.kind);
    if (op.kind === 'gemm') {
      put(1, op.c);
      put(4, op.a);
      put(7, op.b);
      out[o + 10] = op.transA ? 1 : 0;
      out[o + 11] = op.transB ? 1 : 0;
      out[o + 12] = op.alpha;
      out[o + 13] = op.beta;
    } else if (op.kind === 'sub') {
      put(1, op.out);
      put(4, op.s);
      put(7, op.w);
      out[o + 12] = op.d;
    } else {
      put(1, op.y);
      put(4, op.x);
      out[o + 12] = op.alpha;
    }
  });
  return out;
}

/** Inverse of `encodeProgram`. */
export function decodeProgram(f: Float64Array): Program {
  const na = f[0];
  const nb = f[1];
  const nAfter = f[2];
  const ops: KernelOp[] = [];
  for (let i = 0; i < na + nb + Math.max(nAfter, 0); i++) {
    const o = HEADER + OP_WIDTH * i;
    const ref = (at: number): MatRef => ({ off: f[o + at], rows: f[o + at + 1], cols: f[o + at + 2] });
    const kind = KINDS[f[o]];
    if (kind === 'gemm') {
      ops.push({
        kind,
        c: ref(1),
        a: ref(4),
        b: ref(7),
        transA: f[o + 10] === 1,
        transB: f[o + 11] === 1,
        alpha: f[o + 12],
        beta: f[o + 13],
      });
    } else if (kind === 'sub') {
      ops.push({ kind, out: ref(1), s: ref(4), w: ref(7), d: f[o + 12] });
    } else {
      ops.push({ kind: kind as 'axpy' | 'xpay', y: ref(1), x: ref(4), alpha: f[o + 12] });
    }
  }
  const program = { a: ops.slice(0, na), b: ops.slice(na, na + nb) };
  return nAfter < 0 ? program : { ...program, after: ops.slice(na + nb) };
}
