export * from './primitives.js';
export * from './dims.js';
export * from './taskPair.js';
export * from './modePoint.js';
export * from './alignedRun.js';
export * from './theorySpec.js';
export * from './spikedModel.js';
export * from './thresholdSpectrum.js';
