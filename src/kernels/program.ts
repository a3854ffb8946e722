import { CALL_WIDTH, encodeCall, outputRows, runCall, type KernelOp, type MatRef } from './ops.js';
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

/** Waits until every thread of a team has arrived. */
export type Barrier = () => void;

/** Encoded whole-op calls of op lists run by `runOps`, per list (resolved once, as programs are). */
const wholeLists = new WeakMap<readonly KernelOp[], Float64Array>();

/** Runs every op of a list whole, in order, on this thread (the list is resolved to kernel calls once and cached). */
export function runOps(heap: Float64Array, kernels: WasmKernels | null, ops: readonly KernelOp[]): void {
  let calls = wholeLists.get(ops);
  if (!calls) {
    calls = new Float64Array(CALL_WIDTH * ops.length);
    for (let i = 0; i < ops.length; i++) encodeCall(calls, CALL_WIDTH * i, ops[i], 0, outputRows(ops[i]));
    wholeLists.set(ops, calls);
  }
  for (let at = 0; at < calls.length; at += CALL_WIDTH) runCall(heap, kernels, calls, at);
}

/** Rows of a product's block: the kernels' 4-row register block. */
const GEMM_BLOCK_ROWS = 4;
/** Element-wise ops are cut into blocks of at least this many elements (a claim costs ~0.1 µs). */
const ELEMENTWISE_BLOCK = 2048;

/** One op of a shared program: its row blocks as encoded calls, and its claim counter's slot. */
interface SharedOp {
  readonly calls: Float64Array;
  readonly blocks: number;
  readonly slot: number;
}

/**
 * A program cut into row blocks that the threads of a team claim as they go (work sharing):
 * a thread that runs ahead takes more blocks, so no thread waits on a fixed share of a slower
 * one. Every element is computed by one thread exactly as on one thread, so any assignment
 * of blocks to threads gives the same bits.
 */
export interface SharedProgram {
  readonly a: readonly SharedOp[];
  readonly b: readonly SharedOp[];
  readonly after: readonly SharedOp[];
  /** Claim counters it needs (one per op of a, b and a'). */
  readonly slots: number;
}

/** Rows per block of an op: 4 for products (all rows for the unsplittable transposed-transposed one), ≥ ELEMENTWISE_BLOCK elements otherwise. */
function blockRows(op: KernelOp, whole: boolean): number {
  if (whole) return outputRows(op);
  if (op.kind === 'gemm') return op.transA && op.transB ? op.c.rows : GEMM_BLOCK_ROWS;
  return Math.ceil(ELEMENTWISE_BLOCK / Math.max(1, op.kind === 'sub' ? op.out.cols : op.y.cols));
}

/**
 * Cuts a program into the row blocks a team shares; every thread derives the same blocks.
 * `whole`: one block per op, for a thread running alone (one kernel call per op).
 */
export function shareProgram(program: Program, whole = false): SharedProgram {
  let slot = 0;
  const share = (ops: readonly KernelOp[]) =>
    ops.map((op): SharedOp => {
      const rows = outputRows(op);
      const per = Math.max(1, blockRows(op, whole));
      const blocks = Math.max(1, Math.ceil(rows / per));
      const calls = new Float64Array(CALL_WIDTH * blocks);
      for (let j = 0; j < blocks; j++) encodeCall(calls, CALL_WIDTH * j, op, j * per, Math.min(rows, (j + 1) * per));
      return { calls, blocks, slot: slot++ };
    });
  const a = share(program.a);
  const b = share(program.b);
  const after = share(program.after ?? program.a);
  return { a, b, after, slots: slot };
}

/** A thread's view of its team while running a shared program. */
export interface TeamThread {
  /** One claim counter per op slot, shared by the team and zero when the program was loaded. */
  readonly claims: Int32Array;
  /** This thread's own copy: each counter's value before the op's current run (zero at load). */
  readonly seen: Int32Array;
  readonly threads: number;
  readonly barrier: Barrier;
}

/**
 * One thread's part of a shared segment: [a], then `count` times (b, a'). For each op the
 * thread claims blocks from the op's counter until none is left, then waits at the barrier
 * for the others. Every thread makes exactly one failed claim per run of an op, so a run moves
 * its counter by blocks + threads, which every thread adds to its `seen` alike.
 */
export function runSharedSegment(
  heap: Float64Array,
  kernels: WasmKernels | null,
  shared: SharedProgram,
  team: TeamThread,
  count: number,
  withA: boolean,
): void {
  const { claims, seen, threads, barrier } = team;
  const run = (ops: readonly SharedOp[]) => {
    for (const { calls, blocks, slot } of ops) {
      const base = seen[slot];
      for (;;) {
        const j = (Atomics.add(claims, slot, 1) - base) | 0;
        if (j >= blocks) break;
        runCall(heap, kernels, calls, CALL_WIDTH * j);
      }
      seen[slot] = (base + blocks + threads) | 0;
      barrier();
    }
  };
  if (withA) run(shared.a);
  for (let i = 0; i < count; i++) {
    run(shared.b);
    run(shared.after);
  }
}

/** A program as one thread runs it: whole ops, with its own counters and no barrier. */
const soloPrograms = new WeakMap<Program, { shared: SharedProgram; thread: TeamThread }>();

/**
 * One segment of a program on this thread alone: [a], then `count` times (b, a') with a' =
 * `after` ?? `a`. It is `runSharedSegment` with one block per op and a team of one, so a thread
 * alone and a team run the same loop. The program is resolved to kernel calls once (cached).
 */
export function runSegment(
  heap: Float64Array,
  kernels: WasmKernels | null,
  program: Program,
  count: number,
  withA: boolean,
): void {
  let solo = soloPrograms.get(program);
  if (!solo) {
    const shared = shareProgram(program, true);
    const thread = { claims: new Int32Array(shared.slots), seen: new Int32Array(shared.slots), threads: 1, barrier: () => {} }; // prettier-ignore
    soloPrograms.set(program, (solo = { shared, thread }));
  }
  runSharedSegment(heap, kernels, solo.shared, solo.thread, count, withA);
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
