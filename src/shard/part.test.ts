import { describe, expect, it } from 'vitest';
import {
  collectParts,
  configHash,
  dlgenVersion,
  parsePart,
  partText,
  readPart,
  type Part,
  type RunLayout,
} from './part.js';

/** A toy run: units u0…u(n−1), unit k in shard (k mod count) + 1. */
const layout = (_command: string, config: unknown): RunLayout => {
  const n = (config as { n: number }).n;
  if (!Number.isInteger(n)) throw new RangeError('n must be an integer');
  const unitIds = Array.from({ length: n }, (_, k) => `u${k}`);
  return { unitIds, shardUnits: (i, count) => unitIds.filter((_, k) => k % count === i - 1) };
};

function part(i: number, count: number, config: Record<string, unknown> = { n: 5 }, seed = 7): Part {
  const ids = layout('toy', config).shardUnits(i, count);
  const text = partText(
    'toy',
    config,
    seed,
    { index: i, count, source: '--shard' },
    ids.map((id) => ({ id, result: { id, x: id === 'u1' ? -0 : Number(id.slice(1)) / 3 } })),
    { totalUnits: 5 },
    `${ids.join(',')}\n`,
  );
  return parsePart(text, `p${i}.json`);
}

const named = (parts: Part[], names = parts.map((p) => `p${p.manifest.shard.index}.json`)) =>
  parts.map((p, k) => ({ name: names[k], part: p }));

describe('part files', () => {
  it('carry a manifest: version, config hash, seed, shard, unit ids and counts', () => {
    const p = part(2, 3);
    expect(p.manifest).toMatchObject({
      command: 'toy',
      version: dlgenVersion(),
      rootSeed: 7,
      shard: { index: 2, count: 3 },
      units: ['u1', 'u4'],
      counts: { units: 2, totalUnits: 5 },
    });
    expect(p.manifest.configHash).toBe(configHash({ n: 5 }));
    expect(configHash({ a: 1, b: [1, { c: 2, d: undefined }] })).toBe(configHash({ b: [1, { c: 2 }], a: 1 }));
    expect(configHash({ a: 1 })).not.toBe(configHash({ a: 2 }));
    expect(dlgenVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('merge back into run order from any order of parts, with exact values', () => {
    const parts = [part(3, 3), part(1, 3), part(2, 3)];
    const got = collectParts(named(parts), layout);
    expect(got.command).toBe('toy');
    expect(got.config).toEqual({ n: 5 });
    expect(got.results.map((r) => (r as { id: string }).id)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
    expect(Object.is((got.results[1] as { x: number }).x, -0)).toBe(true);
    expect((got.results[4] as { x: number }).x).toBe(4 / 3);
  });

  it('are refused with one line naming the problem', () => {
    const refuse = (parts: { name: string; part: Part }[], message: RegExp) => {
      expect(() => collectParts(parts, layout)).toThrow(message);
      try {
        collectParts(parts, layout);
      } catch (e) {
        expect((e as Error).name).toBe('ShardError');
        expect((e as Error).message).not.toContain('\n');
      }
    };
    refuse([], /^merge: no part files given$/);
    refuse(named([part(1, 3), part(3, 3)]), /^merge: missing shard 2\/3$/);
    refuse(named([part(1, 3)]), /^merge: missing shards 2\/3, 3\/3$/);
    refuse(named([part(1, 2), part(2, 2), part(2, 2)], ['a', 'b', 'c']), /^merge: duplicated shard 2\/2: b and c$/);
    refuse(named([part(1, 2), part(1, 3)]), /^merge: different shard counts/);
    refuse(named([part(1, 2), part(2, 2, { n: 6 })]), /^merge: different configs: p1.json and p2.json/);
    refuse(named([part(1, 2), part(2, 2, { n: 5 }, 8)]), /^merge: different seeds: p1.json has seed 7, p2.json has 8/);
    const other = { ...part(2, 2), manifest: { ...part(2, 2).manifest, version: '9.9.9' } };
    refuse(
      named([part(1, 2), other]),
      /^merge: different dlgen versions: p1.json was written by .*, p2.json by 9\.9\.9$/,
    );
    const cmd = { ...part(2, 2), manifest: { ...part(2, 2).manifest, command: 'verify' } };
    refuse(named([part(1, 2), cmd]), /^merge: p2.json is a part of "dlgen verify", p1.json of "dlgen toy"$/);
    const dupUnit = { ...part(2, 2), manifest: { ...part(2, 2).manifest, units: ['u0', 'u3'] } };
    refuse(named([part(1, 2), dupUnit]), /^merge: duplicated unit u0: in p1.json and p2.json$/);
    const wrongUnits = { ...part(2, 2), manifest: { ...part(2, 2).manifest, units: ['u1', 'u5'] } };
    refuse(named([part(1, 2), wrongUnits]), /^merge: p2.json: its units are not those of shard 2\/2 of this run$/);
    const bad = partText('toy', { n: 'x' }, 7, { index: 1, count: 1, source: '--shard' }, [], {}, '');
    refuse(
      [{ name: 'x.json', part: parsePart(bad, 'x.json') }],
      /^merge: x.json: its config does not describe a run of this dlgen \(n must be an integer\)$/,
    );
  });

  it('that are not part files, are malformed or were edited are refused naming the file', () => {
    expect(() => parsePart('not json', 'a.json')).toThrow(/^merge: a.json is not a dlgen part file \(not JSON\)$/);
    expect(() => parsePart('{"x":1}', 'a.json')).toThrow(/^merge: a.json is not a dlgen part file \(no "format"/);
    expect(() => parsePart('null', 'a.json')).toThrow(/not a dlgen part file/);
    const good = partText(
      'toy',
      { n: 5 },
      7,
      { index: 1, count: 1, source: '--shard' },
      [{ id: 'u0', result: 1 }],
      {},
      '',
    );
    const doc = JSON.parse(good);
    expect(() => parsePart(JSON.stringify({ ...doc, results: [] }), 'b.json')).toThrow(
      /^merge: b.json: malformed manifest or results$/,
    );
    expect(() =>
      parsePart(JSON.stringify({ ...doc, manifest: { ...doc.manifest, shard: { index: 2, count: 1 } } }), 'b.json'),
    ).toThrow(/malformed/);
    expect(() =>
      parsePart(JSON.stringify({ ...doc, manifest: { ...doc.manifest, config: { n: 6 } } }), 'c.json'),
    ).toThrow(/^merge: c.json: its config does not match its config hash/);
    expect(() => readPart('/nonexistent/dir/part.json')).toThrow(
      /^merge: cannot read \/nonexistent\/dir\/part.json \(ENOENT\)$/,
    );
  });
});
