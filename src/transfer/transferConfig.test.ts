import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/errors.js';
import {
  alignmentsOf,
  DEFAULT_TRANSFER_CONFIG,
  modePairs,
  resolveTransferConfig,
  TRANSFER_CONFIG_FIELDS,
  validateTransferConfig,
} from './transferConfig.js';
import { INVALID_TRANSFER_FIELDS } from '../../test/invalidTransferConfigs.js';

describe('transfer config', () => {
  it('defaults to the paper F7 setting (§8.1, §10 F7): N1 = P = 100, N3 = 50 + 50, N2 = 50, σ_z = √2, λ = 1e-3, ε = 1e-5', () => {
    const c = resolveTransferConfig({});
    expect(c).toEqual(DEFAULT_TRANSFER_CONFIG);
    expect([c.inputDim, c.examples, c.outputDimA, c.outputDimB, c.hiddenDims[0]]).toEqual([100, 100, 50, 50, 50]);
    expect(c.noiseStd).toBe(Math.SQRT2);
    expect([c.learningRate, c.initScale, c.epochs, c.reportEvery, c.runs]).toEqual([1e-3, 1e-5, 5000, 5, 10]);
    expect(TRANSFER_CONFIG_FIELDS).toContain('alignment');
  });

  it.each(INVALID_TRANSFER_FIELDS)('rejects %s, naming the field and the allowed range', (_name, raw, field) => {
    const r = validateTransferConfig(raw);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const issue = r.issues.find((i) => i.field === field);
    expect(issue, JSON.stringify(r.issues)).toBeDefined();
    expect(issue!.allowed.length).toBeGreaterThan(5);
    expect(() => resolveTransferConfig(raw)).toThrow(ConfigError);
  });

  it('collects every problem, and suggests the field a typo meant', () => {
    const r = validateTransferConfig({ inputDim: 0, alignment: 2, learningrate: 0.1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.field).sort()).toEqual(['alignment', 'inputDim', 'learningrate']);
    expect(r.issues.find((i) => i.field === 'learningrate')!.allowed).toMatch(/did you mean "learningRate"/);
  });

  it('accepts a number alignment for any ranks and a per-pair list', () => {
    const one = resolveTransferConfig({ singularValuesA: [3, 2], singularValuesB: [4, 2, 1], alignment: 0.3 });
    expect(modePairs(one)).toBe(2);
    expect(alignmentsOf(one)).toEqual([0.3, 0.3]);
    const list = resolveTransferConfig({ singularValuesA: [3, 2], singularValuesB: [4, 2, 1], alignment: [0.1, 0.9] });
    expect(alignmentsOf(list)).toEqual([0.1, 0.9]);
  });

  it('refuses a non-object config', () => {
    expect(validateTransferConfig([1, 2]).ok).toBe(false);
    expect(validateTransferConfig('x').ok).toBe(false);
  });
});
