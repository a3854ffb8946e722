export * from './pool.js';
export * from './team.js';
export * from './jobs.js';
export * from './simulateParallel.js';
