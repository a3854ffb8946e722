import type { SimulationConfig } from '../config/simulationConfig.js';
import type { StoppingPoint } from './optimalStopping.js';
import { shrinkagePredictedError } from './shrinkage.js';
import { theoryCurves, type TheoryCurves } from './theoryCurves.js';
import { theoryOptimalStopping } from './theoryOptimalStopping.js';
import { theoryWarnings } from './theoryWarnings.js';

/** Everything `dlgen theory` reports for a config. */
export interface TheoryReport {
  readonly config: SimulationConfig;
  readonly curves: TheoryCurves;
  /** Continuous-time global optimum of the theory test curve on [0, epochs] (§6). */
  readonly optimum: StoppingPoint;
  /** (7.2), through §4.5 when P ≠ N1. */
  readonly shrinkageTestError: number;
  /** Assumptions of the formulas that the config breaks, one sentence each (empty when they all hold). */
  readonly warnings: readonly string[];
}

/**
 * The theory report of a validated config: curves (5.5)–(5.8) on `simulate`'s grid or at `options.epochs`,
 * optimal stopping on [0, config.epochs] (§6) and shrinkage (7.2).
 */
export function theoryReport(
  config: SimulationConfig,
  options: { readonly epochs?: readonly number[] } = {},
): TheoryReport {
  const curves = theoryCurves(config, options.epochs);
  const optimum = theoryOptimalStopping(curves.model, config.epochs);
  return {
    config,
    curves,
    optimum,
    shrinkageTestError: shrinkagePredictedError(config.teacherSingularValues, curves.model.eff),
    warnings: theoryWarnings(config, curves.model, optimum),
  };
}
