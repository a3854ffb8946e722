export * from './mat.js';
export * from './norms.js';
export * from './gemm.js';
export * from './svd.js';
export * from './haar.js';
export * from './completeBasis.js';
