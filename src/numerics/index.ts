export * from './integrate.js';
export * from './integrateVector.js';
export * from './brent.js';
export * from './safeguardedNewton.js';
export * from './bisection.js';
export * from './dop853.js';
export * from './topSingular.js';
