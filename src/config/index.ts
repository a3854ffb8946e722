export * from './errors.js';
export * from './simulationConfig.js';
export * from './loadConfig.js';
export * as fields from './fields.js';
