import type { DenseMat, MatRef } from './ops.js';
import {
  createSharedMemory,
  instantiateKernels,
  kernelModule,
  type WasmKernels,
  type WasmMemory,
} from './wasmModule.js';

/** WebAssembly page size in bytes. */
const PAGE = 65536;
/** Largest memory the kernels address (wasm32): 4 GiB. */
const MAX_PAGES = 65536;
/** Matrices start on 64-byte (cache-line) boundaries: offsets are multiples of 8 floats. */
const ALIGN = 8;

/**
 * The calling thread's kernel arena: one shared WebAssembly memory with its kernel instance.
 * Workspaces are carved from it in stack order (released in reverse), so a long computation
 * allocates once and its hot loop never allocates.
 */
export interface Arena {
  readonly memory: WasmMemory;
  readonly kernels: WasmKernels;
  /** Every SharedArrayBuffer object handed out over this memory (a grow yields a new one). */
  readonly buffers: Set<ArrayBufferLike>;
  /** Float64 view of the whole memory as of the last growth. */
  heap: Float64Array;
  /** Open workspaces: [start, end, released] in floats. */
  readonly stack: [number, number, boolean][];
}

let arena: Arena | null | undefined;

/** The thread's arena, created on first use; null when the WebAssembly kernels are unavailable. */
export function threadArena(): Arena | null {
  if (arena !== undefined) return arena;
  const module = kernelModule();
  arena = null;
  if (!module) return arena;
  try {
    const memory = createSharedMemory(16, MAX_PAGES);
    const kernels = instantiateKernels(module, memory);
    const heap = new Float64Array(memory.buffer);
    arena = { memory, kernels, buffers: new Set([memory.buffer]), heap, stack: [] };
  } catch {
    arena = null;
  }
  return arena;
}

/** Which kernels this thread runs: 'wasm' (WebAssembly SIMD) or 'js' (the bit-identical twins). */
export function kernelBackend(): 'wasm' | 'js' {
  return threadArena() ? 'wasm' : 'js';
}

/** The kernel reference of a matrix stored in the arena (any view of its memory, before or after growth). */
export function arenaRef(a: Arena, m: DenseMat): MatRef {
  if (!inArena(a, m)) throw new RangeError('arenaRef: matrix is not in the kernel arena');
  return { off: m.data.byteOffset / 8, rows: m.rows, cols: m.cols };
}

/** True when the matrix's storage lies in the arena's memory. */
export function inArena(a: Arena, m: DenseMat): boolean {
  return a.buffers.has(m.data.buffer);
}

/**
 * Float64 storage for one computation, either in the thread's arena (`kernels` set, offsets
 * valid for the WebAssembly kernels) or, without WebAssembly, a private array (`kernels` null).
 * Every matrix it hands out is a view on `heap`.
 */
export interface Workspace {
  readonly heap: Float64Array;
  readonly kernels: WasmKernels | null;
  /** The shared memory behind `heap`, for handing the workspace to helper threads. */
  readonly memory: WasmMemory | null;
  /** The matrices, in the order of the shapes asked for. */
  readonly mats: DenseMat[];
  /** Returns the storage to the arena (matrices must not be used afterwards). */
  release(): void;
}

/** Float64 count a workspace of these shapes needs, alignment included. */
export function workspaceFloats(shapes: ReadonlyArray<readonly [number, number]>): number {
  let n = 0;
  for (const [r, c] of shapes) n += roundUp(r * c);
  return n;
}

/**
 * Allocates zero-filled matrices of the given shapes in one workspace: in the thread's arena
 * when the WebAssembly kernels are available (unless `js`), else in a private Float64Array.
 */
export function createWorkspace(shapes: ReadonlyArray<readonly [number, number]>, js = false): Workspace {
  const floats = workspaceFloats(shapes);
  const a = js ? null : threadArena();
  if (a && reserve(a, floats)) {
    const start = a.stack.length > 0 ? a.stack[a.stack.length - 1][1] : 0;
    const entry: [number, number, boolean] = [start, start + floats, false];
    a.stack.push(entry);
    const heap = a.heap;
    heap.fill(0, start, start + floats);
    return {
      heap,
      kernels: a.kernels,
      memory: a.memory,
      mats: carve(heap, start, shapes),
      release: () => release(a, entry),
    };
  }
  const heap = new Float64Array(floats);
  return { heap, kernels: null, memory: null, mats: carve(heap, 0, shapes), release: () => {} };
}

function carve(heap: Float64Array, start: number, shapes: ReadonlyArray<readonly [number, number]>): DenseMat[] {
  const mats: DenseMat[] = [];
  let off = start;
  for (const [rows, cols] of shapes) {
    mats.push({ rows, cols, data: heap.subarray(off, off + rows * cols) });
    off += roundUp(rows * cols);
  }
  return mats;
}

function roundUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

// Makes room for `floats` more on top of the stack, growing the memory if needed.
function reserve(a: Arena, floats: number): boolean {
  const top = a.stack.length > 0 ? a.stack[a.stack.length - 1][1] : 0;
  const needBytes = (top + floats) * 8;
  const have = a.memory.buffer.byteLength;
  if (needBytes <= have) return true;
  const pages = Math.ceil((needBytes - have) / PAGE);
  if (have / PAGE + pages > MAX_PAGES) return false;
  try {
    a.memory.grow(pages);
  } catch {
    return false;
  }
  const buffer = a.memory.buffer;
  a.buffers.add(buffer);
  a.heap = new Float64Array(buffer);
  return true;
}

function release(a: Arena, entry: [number, number, boolean]): void {
  entry[2] = true;
  while (a.stack.length > 0 && a.stack[a.stack.length - 1][2]) a.stack.pop();
}
