export * from './arena.js';
export * from './ops.js';
export * from './jsKernels.js';
export { kernelModule, instantiateKernels, type WasmKernels, type WasmMemory } from './wasmModule.js';
export * from './program.js';
