export * from './assign.js';
export * from './shardSpec.js';
export * from './losslessJson.js';
export * from './part.js';
export * from './verifyUnits.js';
export * from './sweepUnits.js';
export * from './layout.js';
export { verifyInstanceCost } from './verifyCosts.js';
