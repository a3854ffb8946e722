import type { AlignedRunSpec } from '../../arbitraries/alignedRun.js';
import { halfTime } from '../../dynamics/modeStrength.js';
import type { ModeDynamics } from '../../dynamics/modeDynamics.js';
import type { StudentSpec, TrainingSpec } from '../../network/student.js';
import { createRng } from '../../random/rng.js';
import { orthogonalTask } from './tasks.js';
import { modeStiffness } from '../../dynamics/modeStiffness.js';

/**
 * The task, training-aligned student and GD settings of an AlignedRunSpec: λ from the top mode's
 * stiffness λ_eff = λ c (D_w/2) S^{2−2/D_w} (S = max(ŝ1/c, ε)), chosen so that horizonFactor top-mode
 * half-times take about targetEpochs steps and clamped to [minStiffness, maxStiffness]; every time of
 * the mode dynamics scales as 1/λ_eff. Records every `reportEvery`-th epoch (default: ~200 records).
 */
export function alignedRunInstance(spec: AlignedRunSpec, options: { everyStep?: boolean } = {}) {
  const rng = createRng(spec.seed);
  const task = orthogonalTask(spec, spec.inputDim * spec.examplesFactor, rng);
  const depth = spec.hiddenDims.length + 1;
  const c = task.sigma11Scale;
  const top = Math.max(task.svd31.s[0] / c, spec.initScale);
  // λ at unit stiffness.
  const unitRate = 1 / (modeStiffness(top, depth, c) / 2);
  const o: ModeDynamics = { initScale: spec.initScale, tau: 1 / unitRate, depth, inputScale: c };
  const unitTime = task.svd31.s[0] / c > 2 * spec.initScale ? halfTime(task.svd31.s[0], o) : 1 / unitRate;
  const stiffness = Math.min(
    spec.maxStiffness,
    Math.max(spec.minStiffness, (spec.horizonFactor * unitTime) / spec.targetEpochs),
  );
  const learningRate = stiffness * unitRate;
  const epochs = Math.max(1, Math.min(spec.maxEpochs, Math.ceil((spec.horizonFactor * unitTime) / stiffness)));
  const student: StudentSpec = {
    hiddenDims: spec.hiddenDims,
    init: 'aligned',
    initScale: spec.initScale,
    update: spec.update,
  };
  const training: TrainingSpec = {
    learningRate,
    epochs,
    reportEvery: options.everyStep ? 1 : Math.max(1, Math.floor(epochs / 200)),
  };
  return { rng, task, student, training, stiffness };
}
