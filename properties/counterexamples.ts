import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where counterexamples that once failed are kept; each is replayed as an example on every run. */
export const COUNTEREXAMPLE_DIR = join(process.cwd(), 'fixtures', 'counterexamples');

/** A recorded counterexample: the claim, the spec, and why it is kept. */
export interface RecordedCounterexample {
  readonly claim: string;
  readonly spec: unknown;
  readonly note: string;
}

/** The specs recorded for a claim id (files `fixtures/counterexamples/<id>-*.json`). */
export function recordedSpecs(id: string): unknown[] {
  let files: string[];
  try {
    files = readdirSync(COUNTEREXAMPLE_DIR);
  } catch {
    return [];
  }
  return files
    .filter((f) => f.startsWith(`${id}-`) && f.endsWith('.json'))
    .sort()
    .map((f) => (JSON.parse(readFileSync(join(COUNTEREXAMPLE_DIR, f), 'utf8')) as RecordedCounterexample).spec);
}

/**
 * Saves a newly found counterexample (not in CI) and returns its path, for the developer to review and
 * commit. The file is named by the seed and a hash of the shrink path (paths can run to kilobytes, past
 * the file system's name limit); the path itself is kept in the note. Never throws: a counterexample that
 * cannot be saved must not hide the failure being reported.
 */
export function saveCounterexample(
  id: string,
  seed: number,
  path: string,
  spec: unknown,
  note: string,
): string | undefined {
  if (process.env.CI) return undefined;
  try {
    mkdirSync(COUNTEREXAMPLE_DIR, { recursive: true });
    const hash = createHash('sha256').update(path).digest('hex').slice(0, 12);
    const file = join(COUNTEREXAMPLE_DIR, `${id}-seed${seed}-${hash}.json`);
    const doc: RecordedCounterexample = { claim: id, spec, note: `seed ${seed}, path ${path}: ${note}` };
    writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
    return file;
  } catch {
    return undefined;
  }
}
