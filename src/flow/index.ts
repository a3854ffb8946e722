export * from './gradientFlow.js';
