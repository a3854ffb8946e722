export * from './primitives.js';
export * from './dims.js';
