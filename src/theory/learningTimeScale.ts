import { halfTime } from '../dynamics/modeStrength.js';
import type { AsymptoticModel } from './asymptoticModel.js';

/**
 * Ratio of the deep to the one-hidden-layer half-time (3.5)/(3.7) of the weakest learned detectable mode (1 for
 * D_w = 2, or when no such mode escapes from ε): time tolerances calibrated at D_w = 2 scale by it, §3.3.
 */
export function learningTimeScale(model: AsymptoticModel): number {
  if (model.dynamics.depth === 2) return 1;
  const weak = model.signals.filter((m) => m.learned && m.detectable).map((m) => m.sHat);
  if (weak.length === 0) return 1;
  const s = Math.min(...weak);
  if (!(s > 2 * model.dynamics.initScale)) return 1;
  return halfTime(s, model.dynamics) / halfTime(s, { ...model.dynamics, depth: 2 });
}
