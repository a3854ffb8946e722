export * from './arena.js';
export * from './ops.js';
export * from './jsKernels.js';
export * from './program.js';
