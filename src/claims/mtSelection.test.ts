import { describe, expect, it } from 'vitest';
import { selectClaims } from './registry.js';

describe('the MT claims in the registry', () => {
  it('`--claim MT` selects the multitask family and nothing else; `MT3` selects one claim', () => {
    const ids = selectClaims(['MT']).map((c) => c.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    for (const id of ids) expect(id).toMatch(/^MT\d$/);
    expect(selectClaims(['mt3']).map((c) => c.id)).toEqual(['MT3']);
    expect(selectClaims(['C1']).map((c) => c.id)).toEqual(['C1']);
  });
});
