import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/errors.js';
import { DEFAULT_MULTITASK_CONFIG, auxBatchesPerStep, logitNoiseOf, resolveMultitaskConfig } from './config.js';

function issues(raw: unknown): string {
  try {
    resolveMultitaskConfig(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveMultitaskConfig', () => {
  it('fills the defaults and keeps given values', () => {
    expect(resolveMultitaskConfig(undefined)).toEqual(DEFAULT_MULTITASK_CONFIG);
    const c = resolveMultitaskConfig({ relatedness: 0.25, logitNoiseStd: 0.5, activation: 'linear' });
    expect(c.relatedness).toBe(0.25);
    expect(logitNoiseOf(c)).toBe(0.5);
    expect(logitNoiseOf(DEFAULT_MULTITASK_CONFIG)).toBe(1 / Math.sqrt(30));
    expect(resolveMultitaskConfig({ inputDim: 25 }).logitNoiseStd).toBe(0.2);
    expect(resolveMultitaskConfig({ inputDim: 25, logitNoiseStd: null }).logitNoiseStd).toBe(0.2);
    expect(auxBatchesPerStep({ trainExamples: 100, auxExamples: 800 })).toBe(8);
    expect(auxBatchesPerStep({ trainExamples: 200, auxExamples: 100 })).toBe(0);
  });
  it('names every bad field with its allowed range', () => {
    expect(issues([])).toMatch(/\(config\).*a JSON object/);
    expect(issues({ relatednes: 1 })).toMatch(/relatednes.*did you mean "relatedness"/);
    const m = issues({
      relatedness: 2,
      classes: 1,
      activation: 'tanh',
      cleanValidation: 'yes',
      protocol: 'x',
      logitNoiseStd: -1,
    });
    expect(m).toMatch(/relatedness: got 2; allowed: number in \[0, 1\]/);
    expect(m).toMatch(/classes: got 1/);
    expect(m).toMatch(/activation: got "tanh"; allowed: one of "relu", "linear"/);
    expect(m).toMatch(/cleanValidation: got "yes"; allowed: true, false or "authors"/);
    expect(m).toMatch(/protocol/);
    expect(m).toMatch(/logitNoiseStd/);
    expect(issues({ inputDim: 10, rank: 6 })).toMatch(/rank: got 6; allowed: integer in \[1, 5\] \(r ≤ ⌊inputDim\/2⌋/);
    expect(issues({ update: 'backwards', protocol: 'fullBatch' })).toMatch(
      /update: got "backwards"; allowed: one of "simultaneous", "sequential"/,
    );
    expect(issues({ update: 'sequential' })).toMatch(
      /update: got "sequential"; allowed: "simultaneous" with protocol "paper".*needs protocol "fullBatch"/,
    );
    expect(resolveMultitaskConfig({ update: 'sequential', protocol: 'fullBatch' }).update).toBe('sequential');
    expect(issues({ sharedSamples: true, trainExamples: 100, auxExamples: 200 })).toMatch(
      /auxExamples: got 200; allowed: 100/,
    );
  });
});
