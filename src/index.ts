export * from './random/index.js';
export * from './linalg/index.js';
export * from './config/index.js';
export * from './task/index.js';
export * from './network/index.js';
export { kernelBackend } from './kernels/index.js';
export * from './parallel/index.js';
export * from './arbitraries/index.js';
export * from './claims/index.js';
