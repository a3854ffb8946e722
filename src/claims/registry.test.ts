import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AnyClaim } from './claim.js';
import { CLAIMS, selectClaims } from './registry.js';
import { SUITE_FALSE_FAILURE_BUDGET, suiteFalseFailureBound } from './falseFailureBudget.js';

/**
 * Claims whose one instance is itself a mean over several trained seed pairs (MT5–MT8: 6–8 pairs of the
 * authors' protocol each, 0.2–0.5 s of CPU): they run at least 10 instances at CI size, the others 100.
 */
const SEED_AVERAGED = new Set(['MT5', 'MT6', 'MT7', 'MT8']);

describe('claims registry', () => {
  it('has unique ids, a statement, a reference, and at least one planted bug per claim', () => {
    const ids = CLAIMS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CLAIMS) {
      expect(c.statement.length, c.id).toBeGreaterThan(40);
      expect(c.reference, c.id).toMatch(/§/);
      expect(c.plantedBugs.length, c.id).toBeGreaterThan(0);
      expect(c.instances.ci, c.id).toBeGreaterThanOrEqual(SEED_AVERAGED.has(c.id) ? 10 : 100);
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

/** Files of src/claims that hold framework code, not a claim. */
const FRAMEWORK = new Set([
  'claim.ts',
  'registry.ts',
  'runClaim.ts',
  'verifyJob.ts',
  'falseFailureBudget.ts',
  'index.ts',
]);

describe('claim files follow the template (src/claims/README.md)', () => {
  const dir = dirname(fileURLToPath(import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !FRAMEWORK.has(f));

  it('one claim per file, exported under the file’s base name, every registered claim from exactly one file', async () => {
    const found = new Map<AnyClaim, string>();
    for (const file of files) {
      const mod = (await import(`./${file}`)) as Record<string, unknown>;
      const claims = Object.entries(mod).filter(
        ([, v]) =>
          CLAIMS.includes(v as AnyClaim) || (typeof v === 'object' && v !== null && 'plantedBugs' in v && 'check' in v),
      );
      expect(
        claims.map(([k]) => k),
        file,
      ).toEqual([basename(file, '.ts')]);
      const claim = claims[0][1] as AnyClaim;
      expect(found.has(claim), `${claim.id} exported by ${found.get(claim)} and ${file}`).toBe(false);
      found.set(claim, file);
      expect(readFileSync(join(dir, file), 'utf8').match(/^export const \w+: Claim</gm)?.length, file).toBe(1);
    }
    for (const c of CLAIMS) expect(found.has(c), `${c.id} is registered but no claim file exports it`).toBe(true);
  });

  it('every registered claim has a statement, a § reference, a sourced false-failure rate, planted bugs, and a property file that runs them', () => {
    const properties = join(dir, '..', '..', 'properties');
    for (const file of files) {
      const name = basename(file, '.ts');
      const prop = join(properties, `${name}.prop.ts`);
      // The property file is where every planted bug is run and must be caught (properties/claimProperty.ts).
      expect(existsSync(prop), `${file} has no properties/${name}.prop.ts`).toBe(true);
      const text = readFileSync(prop, 'utf8');
      const imported = new RegExp(
        `^import \\{ ${name}(?: as (\\w+))? \\} from '\\.\\./src/claims/${name}\\.js';$`,
        'm',
      ).exec(text);
      expect(imported, `${prop} imports ${name}`).not.toBeNull();
      expect(text, prop).toContain(`claimProperty(${imported?.[1] ?? name});`);
    }
    for (const c of CLAIMS) {
      expect(c.statement.length, c.id).toBeGreaterThan(40);
      expect(c.reference, c.id).toMatch(/§/);
      expect(c.falseFailure.source.length, c.id).toBeGreaterThan(10);
      expect(c.plantedBugs.length, c.id).toBeGreaterThan(0);
    }
  });
});
