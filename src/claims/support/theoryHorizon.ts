import { timeToReach } from '../../dynamics/modeStrength.js';
import type { AsymptoticModel } from '../../theory/asymptoticModel.js';

/**
 * The minimisation horizon of C13 and C14(a), in epochs: `horizonFactor` times the time the slowest learned detectable
 * mode takes to reach 0.99 ŝ (§3), or 2τ when no mode is learned.
 */
export function theoryHorizon(model: AsymptoticModel, horizonFactor: number): number {
  const { dynamics } = model;
  let slowest = 0;
  for (const m of model.signals) {
    if (!(m.learned && m.detectable && m.sHat > 2 * dynamics.initScale)) continue;
    slowest = Math.max(slowest, timeToReach(Math.max(dynamics.initScale, 0.99 * m.sHat), m.sHat, dynamics));
  }
  return horizonFactor * (slowest > 0 ? slowest : 2 * dynamics.tau);
}
