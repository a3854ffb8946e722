export * from './validate.js';
export * from './marchenkoPastur.js';
export * from './mpCdf.js';
export * from './bulkIntegral.js';
export * from './mpMoments.js';
export * from './spikedModel.js';
export * from './effectiveSpike.js';
