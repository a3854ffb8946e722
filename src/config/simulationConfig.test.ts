import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { INVALID_FIELDS } from '../../test/invalidConfigs.js';
import { DEFAULT_CONFIG, epochGrid, resolveConfig, validateConfig } from './simulationConfig.js';

describe('validateConfig', () => {
  it('fills every default with the paper Fig. 3 rank-one setting', () => {
    expect(resolveConfig({})).toEqual(DEFAULT_CONFIG);
    expect(resolveConfig(undefined)).toEqual(DEFAULT_CONFIG);
    expect(resolveConfig({ runs: 3 }).runs).toBe(3);
  });

  it.each(INVALID_FIELDS)('rejects %s, naming the field and the allowed range', (_name, raw, field) => {
    const r = validateConfig(raw);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const issue = r.issues.find((i) => i.field === field);
    expect(issue, JSON.stringify(r.issues)).toBeDefined();
    expect(issue!.allowed.length).toBeGreaterThan(5);
    expect(() => resolveConfig(raw)).toThrow(ConfigError);
  });

  it('collects every problem, not only the first', () => {
    const r = validateConfig({ inputDim: -1, noiseStd: 'x', bogus: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.field).sort()).toEqual(['bogus', 'inputDim', 'noiseStd']);
  });

  it('suggests the closest field for a typo', () => {
    const r = validateConfig({ learningrate: 0.1 });
    expect(r.ok ? '' : r.issues[0].allowed).toMatch(/did you mean "learningRate"/);
  });

  it('rejects a non-object config', () => {
    for (const raw of [[1, 2], 'config', 3, null]) expect(validateConfig(raw).ok).toBe(false);
  });

  it('lays the epoch grid at 0, r, 2r, … ≤ epochs', () => {
    expect(epochGrid(10, 5)).toEqual([0, 5, 10]);
    expect(epochGrid(12, 5)).toEqual([0, 5, 10]);
    expect(epochGrid(0, 1)).toEqual([0]);
  });
});
