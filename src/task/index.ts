export * from './task.js';
export * from './buildTask.js';
export * from './errors.js';
