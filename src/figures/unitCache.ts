import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomicWrite.js';
import type { FigureSize, FigureUnit, UnitResult } from './types.js';

/** Bumped when the meaning of a cached result changes, so old caches are ignored, not misread. */
export const CACHE_FORMAT = 1;

/** The cache key of a unit: a hash of everything that determines its result (id, size, seed, parameters). */
export function unitKey(unit: FigureUnit, size: FigureSize, seed: number, runs: number | undefined): string {
  const text = JSON.stringify({ format: CACHE_FORMAT, id: unit.id, size, seed, params: unit.params(size, runs) });
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

/** Where a unit's cached result lives under `dir/.cache/`. */
export function cachePath(dir: string, unit: FigureUnit, key: string): string {
  return join(dir, '.cache', `${unit.id.replaceAll('/', '_')}-${key}.json`);
}

/** A cached result, or undefined when absent or unreadable (then the unit simply runs again). */
export function readCached(path: string, key: string): UnitResult | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { key?: string; result?: UnitResult };
    return doc.key === key && doc.result && Array.isArray(doc.result.rows) ? doc.result : undefined;
  } catch {
    return undefined;
  }
}

/** Stores a unit's result atomically (an interrupted run never leaves a truncated cache entry). */
export function writeCached(path: string, key: string, result: UnitResult): void {
  writeFileAtomic(path, JSON.stringify({ key, result }));
}
