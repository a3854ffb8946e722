import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The exported kernels of kernels.wat; every pointer and stride is a byte offset. */
export interface WasmKernels {
  gemm_bc(
    c: number,
    a: number,
    b: number,
    m: number,
    k: number,
    n: number,
    ar: number,
    ap: number,
    ldb: number,
    ldc: number,
    alpha: number,
    beta: number,
  ): void;
  gemm_dot(
    c: number,
    a: number,
    b: number,
    m: number,
    k: number,
    n: number,
    lda: number,
    ldb: number,
    ldc: number,
    alpha: number,
    beta: number,
  ): void;
  sub_scaled(out: number, s: number, w: number, count: number, d: number): void;
  axpy(y: number, x: number, count: number, alpha: number): void;
  xpay(y: number, x: number, count: number, alpha: number): void;
  sumsq(x: number, count: number): number;
}

/** A WebAssembly.Memory (typed here: lib "dom" is not among this project's libs). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(deltaPages: number): number;
}

/** A compiled WebAssembly.Module. */
export type WasmModule = object;

// The parts of the WebAssembly JavaScript API used here.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
};

// dist/kernels/kernels.wasm sits next to the compiled loader; when the loader runs from
// sources (vitest), the built module is looked up in the package's dist/ instead.
const CANDIDATES = ['./kernels.wasm', '../../dist/kernels/kernels.wasm'];

let compiled: WasmModule | null | undefined;

/**
 * The compiled kernel module, or null when it is unavailable (not built, WebAssembly SIMD or
 * threads unsupported, or DLGEN_KERNELS=js). Compiled once per thread, synchronously.
 */
export function kernelModule(): WasmModule | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (process.env.DLGEN_KERNELS === 'js') return compiled;
  for (const rel of CANDIDATES) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (!existsSync(path)) continue;
    try {
      compiled = new WebAssembly.Module(readFileSync(path));
    } catch {
      compiled = null;
    }
    break;
  }
  return compiled;
}

/** Instantiates the kernels over a shared memory (one instance per memory and thread). */
export function instantiateKernels(module: WasmModule, memory: WasmMemory): WasmKernels {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as WasmKernels;
}

/** A shared WebAssembly memory of `initial` 64 KiB pages that can grow to `maximum`. */
export function createSharedMemory(initial: number, maximum: number): WasmMemory {
  return new WebAssembly.Memory({ initial, maximum, shared: true });
}
