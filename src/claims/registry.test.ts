import { describe, expect, it } from 'vitest';
import { CLAIMS, selectClaims } from './registry.js';
import { SUITE_FALSE_FAILURE_BUDGET, suiteFalseFailureBound } from './falseFailureBudget.js';

describe('claims registry', () => {
  it('has unique ids, a statement, a reference, and at least one planted bug per claim', () => {
    const ids = CLAIMS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CLAIMS) {
      expect(c.statement.length, c.id).toBeGreaterThan(40);
      expect(c.reference, c.id).toMatch(/§/);
      expect(c.plantedBugs.length, c.id).toBeGreaterThan(0);
      expect(c.instances.ci, c.id).toBeGreaterThanOrEqual(100);
      expect(c.instances.thorough, c.id).toBeGreaterThanOrEqual(c.instances.ci);
      if (c.kind === 'exact') expect(c.falseFailure.perInstance, c.id).toBe(0);
      else expect(c.falseFailure.perInstance, c.id).toBeGreaterThan(0);
      expect(c.falseFailure.source.length, c.id).toBeGreaterThan(10);
    }
  });

  it(`keeps the union bound on a CI run's false-failure probability below ${SUITE_FALSE_FAILURE_BUDGET}`, () => {
    // Σ over claims of instances × per-instance false-failure probability (claim.ts documents each term).
    expect(suiteFalseFailureBound(CLAIMS, 'ci')).toBeLessThanOrEqual(SUITE_FALSE_FAILURE_BUDGET);
  });

  it('selects claims by id or id prefix and rejects unknown ones', () => {
    expect(selectClaims(['c1']).map((c) => c.id)).toEqual(['C1']);
    expect(selectClaims(['C18']).map((c) => c.id)).toEqual(['C18a', 'C18b', 'C18c']);
    expect(() => selectClaims(['C77'])).toThrow(/unknown claim "C77"/);
    expect(selectClaims().length).toBe(CLAIMS.length);
  });
});
