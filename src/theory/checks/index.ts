export * from './checkOutcome.js';
export * from './c3ClosedForms.js';
export * from './c4RandomMatrix.js';
export * from './c10TheoryVsSimulation.js';
export * from './c13GlobalOptimum.js';
export * from './c14Shrinkage.js';
