// src/finetune: the names other layers and the public API use, module by module.
export { balancedFactorisation, balancedness } from './balanced.js';
export { FINETUNE_DEFAULTS, type FinetuneConfig, resolveFinetuneConfig } from './config.js';
export { buildCovariance, type CovarianceSpec, covarianceSpectrum } from './covariance.js';
export { deepFineTunedMap, depthScalars, fineTuneScale, limitScale } from './depthMap.js';
export { deterministicEquivalent } from './deterministicEquivalent.js';
export { frozenTrunkBound } from './frozenTrunk.js';
export { nearestInterpolant } from './interpolant.js';
export { lazyFineTuned, tangentKernel } from './lazyKernel.js';
export { expectedRisk, populationRisk } from './risk.js';
export { type FinetuneResult, runFinetune } from './run.js';
export { drawSamples } from './sample.js';
export { drawTeachers } from './teachers.js';
