import type { SimulationConfig } from '../config/simulationConfig.js';
import { shortNumber, stableStep } from '../network/divergence.js';
import type { AsymptoticModel } from './asymptoticModel.js';
import type { StoppingPoint } from './optimalStopping.js';

/**
 * The learning rate above which gradient descent on the theory's strongest mode does not converge
 * (§3.4 applied to the asymptotic ŝ1, or the bulk edge if larger, in W units with Σ11 = D·I).
 */
export function theoryStableLearningRate(
  model: AsymptoticModel,
  config: Pick<SimulationConfig, 'hiddenDims' | 'initScale' | 'update'>,
): number {
  const depth = config.hiddenDims.length + 1;
  const edge = model.eff.bulkScale * (1 + Math.sqrt(model.eff.aspect));
  const top = Math.max(edge, ...model.signals.map((s) => s.sHat));
  if (!(top > 0)) return Infinity;
  const x = stableStep(depth, Math.min(config.initScale / top, 0.9), config.update);
  return x / (model.eff.inputScale * Math.pow(top, 2 - 2 / depth));
}

/**
 * Where a config leaves the assumptions of the asymptotic theory (§4–§6): one sentence per broken
 * assumption, empty when the formulas apply. `optimum` is the theory's optimal stopping point.
 */
export function theoryWarnings(config: SimulationConfig, model: AsymptoticModel, optimum: StoppingPoint): string[] {
  const out: string[] = [];
  if (config.inputs === 'gaussian') {
    out.push(
      'inputs "gaussian": the theory takes Σ11 = (P/N1)·I exactly (§9.7); Gaussian inputs only approximate it, and their simulated errors can differ from these curves by far more than finite-size noise',
    );
  }
  if (config.init === 'random') {
    out.push(
      'init "random": the curves describe training-aligned students; randomly initialised ones learn the same modes later (§9.4), so simulated curves lag these in time',
    );
  }
  const bound = theoryStableLearningRate(model, config);
  if (config.learningRate >= bound) {
    out.push(
      `learningRate ${config.learningRate} is at or above the stability bound ${shortNumber(bound)} of gradient descent for this task (§3.4): the theory describes the continuous-time limit, while \`dlgen simulate\` would diverge`,
    );
  }
  if (config.epochs > 0 && optimum.tOpt >= config.epochs * (1 - 1e-9) && optimum.minError < 1) {
    out.push(
      `the optimal stopping epoch is the horizon (epochs = ${config.epochs}): the test error is still falling there, so the true optimum lies later; raise epochs`,
    );
  }
  return out;
}
