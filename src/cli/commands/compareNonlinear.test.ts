import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/simulationConfig.js';
import { simulateRun } from '../../network/simulate.js';
import {
  compareNonlinear,
  NONLINEAR_COMPARE_NOTE,
  nonlinearComparisonJson,
  nonlinearComparisonSummary,
} from './compareNonlinear.js';

describe('dlgen compare on a nonlinear config (simulation only)', () => {
  const config = resolveConfig({
    inputDim: 10,
    hiddenDims: [8],
    outputDim: 5,
    examples: 10,
    teacherSingularValues: [3],
    learningRate: 0.05,
    initScale: 0.01,
    epochs: 120,
    reportEvery: 20,
    runs: 2,
    seed: 4,
    activation: 'leakyRelu',
    leakySlope: 0.2,
  });
  it('reports the simulated runs, their recorded optimum and the note; no theory levels', async () => {
    const c = await compareNonlinear(config, { workers: 1 });
    expect(c.runs[1].testError).toEqual(simulateRun(config, 1).testError);
    const i = c.runs[0].testError.indexOf(Math.min(...c.runs[0].testError));
    expect([c.runs[0].tOpt, c.runs[0].minError]).toEqual([c.epochs[i], c.runs[0].testError[i]]);
    const doc = nonlinearComparisonJson(c) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['config', 'epochs', 'note', 'simulation']);
    expect(doc.note).toBe(NONLINEAR_COMPARE_NOTE);
    const text = nonlinearComparisonSummary(c);
    expect(text).toContain('activation=leakyRelu (slope 0.2)');
    expect(text).toContain('simulation only');
    expect(text).toMatch(/min ln test error\s+-?\d/);
  });
});
