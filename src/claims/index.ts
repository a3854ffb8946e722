export * from './claim.js';
export * from './runClaim.js';
export * from './registry.js';
export * from './falseFailureBudget.js';
