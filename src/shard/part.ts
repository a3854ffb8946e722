import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodeLossless, encodeLossless } from './losslessJson.js';
import { ShardError, type ShardChoice } from './shardSpec.js';

/** The format tag of a part file. */
export const PART_FORMAT = 'dlgen-part/1';

/** What a part file says about itself: enough to refuse parts that do not belong to one run. */
export interface PartManifest {
  /** The command that wrote it: `verify` or `transfer sweep`. */
  readonly command: string;
  /** dlgen's version (package.json). */
  readonly version: string;
  /** sha256 of the canonical JSON of `config` (every option that shapes the output). */
  readonly configHash: string;
  readonly rootSeed: number;
  readonly shard: ShardChoice;
  /** Ids of this shard's units, in run order. */
  readonly units: readonly string[];
  /** units, totalUnits, and the command's own counts (instances, runs, failures). */
  readonly counts: Readonly<Record<string, number>>;
  /** The whole run's resolved options (the same in every part of one run). */
  readonly config: unknown;
}

/** A part file: manifest, this shard's normal output (for people) and one result per unit (for `dlgen merge`). */
export interface Part<R = unknown> {
  readonly format: typeof PART_FORMAT;
  readonly manifest: PartManifest;
  readonly output: string;
  readonly results: readonly R[];
}

let cachedVersion: string | undefined;

/** dlgen's version, read from its package.json. */
export function dlgenVersion(): string {
  if (cachedVersion === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    cachedVersion = typeof pkg.version === 'string' ? pkg.version : 'unknown';
  }
  return cachedVersion;
}

/** JSON with object keys sorted at every level (lossless numbers), so equal configs hash equally. */
function canonical(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .filter((k) => o[k] !== undefined)
          .sort()
          .map((k) => [k, sort(o[k])]),
      );
    }
    return v;
  };
  return encodeLossless(sort(value));
}

/** sha256 (hex) of a run's options. */
export function configHash(config: unknown): string {
  return createHash('sha256').update(canonical(config)).digest('hex');
}

/** The part document of one shard, as text (lossless JSON, one object). */
export function partText<R>(
  command: string,
  config: unknown,
  rootSeed: number,
  shard: ShardChoice,
  units: readonly { id: string; result: R }[],
  counts: Record<string, number>,
  output: string,
): string {
  const manifest: PartManifest = {
    command,
    version: dlgenVersion(),
    configHash: configHash(config),
    rootSeed,
    shard,
    units: units.map((u) => u.id),
    counts: { units: units.length, ...counts },
    config,
  };
  const part: Part<R> = { format: PART_FORMAT, manifest, output, results: units.map((u) => u.result) };
  return `${encodeLossless(part)}\n`;
}

const fail = (message: string): never => {
  throw new ShardError(`merge: ${message}`);
};

/** Parses and checks one part file's text (`name` is used in messages). */
export function parsePart(text: string, name: string): Part {
  let doc: unknown;
  try {
    doc = decodeLossless(text);
  } catch {
    return fail(`${name} is not a dlgen part file (not JSON)`);
  }
  const p = doc as Partial<Part> | null;
  if (p === null || typeof p !== 'object' || p.format !== PART_FORMAT)
    return fail(`${name} is not a dlgen part file (no "format": "${PART_FORMAT}")`);
  const m = p.manifest as Partial<PartManifest> | undefined;
  const ok =
    m !== undefined &&
    typeof m.command === 'string' &&
    typeof m.version === 'string' &&
    typeof m.configHash === 'string' &&
    typeof m.rootSeed === 'number' &&
    m.shard !== undefined &&
    Number.isInteger(m.shard.index) &&
    Number.isInteger(m.shard.count) &&
    m.shard.index >= 1 &&
    m.shard.index <= m.shard.count &&
    Array.isArray(m.units) &&
    m.units.every((u) => typeof u === 'string') &&
    Array.isArray(p.results) &&
    p.results.length === m.units.length &&
    typeof p.output === 'string';
  if (!ok) return fail(`${name}: malformed manifest or results`);
  if (configHash(m.config) !== m.configHash)
    return fail(`${name}: its config does not match its config hash (edited part?)`);
  return p as Part;
}

/** Reads a part file from disk (usage error naming the file if unreadable). */
export function readPart(path: string): Part {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return fail(`cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parsePart(text, path);
}

/** How to lay out a run from its config: its unit ids in run order, and each shard's unit ids. */
export interface RunLayout {
  readonly unitIds: readonly string[];
  readonly shardUnits: (index: number, count: number) => readonly string[];
}

/**
 * Checks that `parts` are exactly the shards of one run (same command, version, seed and config;
 * every shard once; each holding exactly its units) and returns the config and the results in run
 * order. Every refusal is one line naming the problem, thrown as a usage error (exit 2).
 */
export function collectParts(
  named: readonly { name: string; part: Part }[],
  layout: (command: string, config: unknown) => RunLayout,
): { command: string; config: unknown; results: unknown[] } {
  if (named.length === 0) return fail('no part files given');
  const [first, ...rest] = named;
  const m0 = first.part.manifest;
  for (const { name, part } of rest) {
    const m = part.manifest;
    if (m.command !== m0.command)
      fail(`${name} is a part of "dlgen ${m.command}", ${first.name} of "dlgen ${m0.command}"`);
    if (m.version !== m0.version)
      fail(`different dlgen versions: ${first.name} was written by ${m0.version}, ${name} by ${m.version}`);
    if (m.rootSeed !== m0.rootSeed)
      fail(`different seeds: ${first.name} has seed ${m0.rootSeed}, ${name} has ${m.rootSeed}`);
    if (m.configHash !== m0.configHash)
      fail(
        `different configs: ${first.name} and ${name} have different options (config hashes ${m0.configHash.slice(0, 12)} ≠ ${m.configHash.slice(0, 12)})`,
      );
    if (m.shard.count !== m0.shard.count)
      fail(
        `different shard counts: ${first.name} is shard ${m0.shard.index}/${m0.shard.count}, ${name} is ${m.shard.index}/${m.shard.count}`,
      );
  }
  const count = m0.shard.count;
  const byIndex = new Map<number, string>();
  const unitOwner = new Map<string, string>();
  for (const { name, part } of named) {
    const i = part.manifest.shard.index;
    const seen = byIndex.get(i);
    if (seen !== undefined) fail(`duplicated shard ${i}/${count}: ${seen} and ${name}`);
    byIndex.set(i, name);
    for (const u of part.manifest.units) {
      const owner = unitOwner.get(u);
      if (owner !== undefined) fail(`duplicated unit ${u}: in ${owner} and ${name}`);
      unitOwner.set(u, name);
    }
  }
  const missing: number[] = [];
  for (let i = 1; i <= count; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length > 0)
    fail(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')}`);
  let plan: RunLayout;
  try {
    plan = layout(m0.command, m0.config);
  } catch (e) {
    return fail(`${first.name}: its config does not describe a run of this dlgen (${(e as Error).message})`);
  }
  const results = new Map<string, unknown>();
  for (const { name, part } of named) {
    const m = part.manifest;
    const expected = plan.shardUnits(m.shard.index, count);
    if (expected.length !== m.units.length || expected.some((u, k) => u !== m.units[k])) {
      fail(`${name}: its units are not those of shard ${m.shard.index}/${count} of this run`);
    }
    m.units.forEach((u, k) => results.set(u, part.results[k]));
  }
  return { command: m0.command, config: m0.config, results: plan.unitIds.map((u) => results.get(u)) };
}
