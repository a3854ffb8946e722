import type { AsymptoticModel } from './asymptoticModel.js';
import { globalMinimum, modeTimeAnchors, type StoppingPoint } from './optimalStopping.js';
import { theoryPoint } from './theoryErrors.js';

/**
 * The global continuous-time minimiser of the theory test curve (5.5)/(5.7) on [0, horizon]
 * epochs: anchors on every learned signal's sigmoid (and the time it passes s̄𝒪) resolve the
 * multimodal case; t = 0 wins when nothing is detectable (R5, §6).
 */
export function theoryOptimalStopping(model: AsymptoticModel, horizon: number): StoppingPoint {
  const anchors: number[] = [];
  for (const m of model.signals) {
    if (m.learned) anchors.push(...modeTimeAnchors(m.sHat, model.dynamics, horizon, [m.optimalStrength]));
  }
  return globalMinimum((t) => theoryPoint(model, t, { train: false }).testError, horizon, { anchors });
}
