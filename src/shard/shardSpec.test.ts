import { describe, expect, it } from 'vitest';
import { assignShards, unitsOfShard } from './assign.js';
import { decodeLossless, encodeLossless } from './losslessJson.js';
import { parseShard, resolveShard, shardNotice, ShardError } from './shardSpec.js';

describe('shard choice', () => {
  it('parses --shard i/n (1-based) and refuses anything else naming the flag', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3, source: '--shard' });
    expect(parseShard(' 1 / 1 ')).toMatchObject({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '2', '1/3/4', '-1/3', '1.5/3', '1/100001']) {
      expect(() => parseShard(bad), bad).toThrow(ShardError);
      expect(() => parseShard(bad), bad).toThrow(/^--shard: got/);
    }
  });

  it('takes the shard from --shard first, then Slurm, then a Kubernetes completion index', () => {
    const env = { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '3', JOB_COMPLETION_INDEX: '0' };
    expect(resolveShard('3/3', undefined, env)).toEqual({ index: 3, count: 3, source: '--shard' });
    expect(resolveShard(undefined, undefined, env)).toEqual({
      index: 2,
      count: 3,
      source: 'SLURM_ARRAY_TASK_ID=1, SLURM_ARRAY_TASK_COUNT=3',
    });
    expect(resolveShard(undefined, 4, { JOB_COMPLETION_INDEX: '3' })).toEqual({
      index: 4,
      count: 4,
      source: 'JOB_COMPLETION_INDEX=3, --shard-count 4',
    });
    expect(resolveShard(undefined, undefined, {})).toBeUndefined();
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '' })).toBeUndefined();
  });

  it('maps Slurm arrays with a minimum and a step to 0-based task numbers', () => {
    const env = {
      SLURM_ARRAY_TASK_ID: '7',
      SLURM_ARRAY_TASK_COUNT: '4',
      SLURM_ARRAY_TASK_MIN: '1',
      SLURM_ARRAY_TASK_STEP: '2',
    };
    expect(resolveShard(undefined, undefined, env)).toMatchObject({ index: 4, count: 4 });
    expect(resolveShard(undefined, undefined, env)!.source).toBe(
      'SLURM_ARRAY_TASK_ID=7, SLURM_ARRAY_TASK_COUNT=4, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_STEP=2',
    );
    expect(() => resolveShard(undefined, undefined, { ...env, SLURM_ARRAY_TASK_ID: '4' })).toThrow(
      /^SLURM_ARRAY_TASK_ID: got 4; allowed: MIN \+ k·STEP/,
    );
  });

  it('refuses bad or contradictory values with a message naming the flag or variable', () => {
    const cases: [string | undefined, number | undefined, Record<string, string>, RegExp][] = [
      [undefined, undefined, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '3' }, /^SLURM_ARRAY_TASK_ID: got 3/],
      [
        undefined,
        undefined,
        { SLURM_ARRAY_TASK_ID: 'x', SLURM_ARRAY_TASK_COUNT: '3' },
        /^SLURM_ARRAY_TASK_ID: got "x"/,
      ],
      [undefined, undefined, { SLURM_ARRAY_TASK_ID: '0' }, /^SLURM_ARRAY_TASK_COUNT: not set/],
      [
        undefined,
        undefined,
        { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '0' },
        /^SLURM_ARRAY_TASK_COUNT: got 0/,
      ],
      [
        undefined,
        undefined,
        { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_STEP: '0' },
        /^SLURM_ARRAY_TASK_STEP: got 0/,
      ],
      [
        undefined,
        5,
        { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2' },
        /^--shard-count: got 5, but SLURM_ARRAY_TASK_COUNT is 2/,
      ],
      [undefined, undefined, { JOB_COMPLETION_INDEX: '0' }, /^--shard-count: needed with JOB_COMPLETION_INDEX/],
      [undefined, 2, { JOB_COMPLETION_INDEX: '2' }, /^JOB_COMPLETION_INDEX: got 2; allowed: integer in \[0, 1\]/],
      [undefined, 2, { JOB_COMPLETION_INDEX: '-1' }, /^JOB_COMPLETION_INDEX: got "-1"/],
      [undefined, 2, {}, /^--shard-count: needs JOB_COMPLETION_INDEX/],
      [undefined, 0, {}, /^--shard-count: got 0/],
      [undefined, 1.5, {}, /^--shard-count: got 1.5/],
      ['1/3', 4, {}, /^--shard-count: got 4, but --shard 1\/3 says 3 shards/],
    ];
    for (const [flag, count, env, message] of cases)
      expect(() => resolveShard(flag, count, env), JSON.stringify(env)).toThrow(message);
    expect(resolveShard('1/3', 3, {})).toMatchObject({ index: 1, count: 3 });
  });

  it('says on stderr which shard was taken and from where', () => {
    expect(
      shardNotice('verify', { index: 2, count: 3, source: 'SLURM_ARRAY_TASK_ID=1, SLURM_ARRAY_TASK_COUNT=3' }, 12, 38),
    ).toBe('dlgen verify: shard 2/3 (from SLURM_ARRAY_TASK_ID=1, SLURM_ARRAY_TASK_COUNT=3): 12 of 38 units\n');
  });
});

describe('shard assignment', () => {
  it('balances cost longest-first onto the least loaded shard, deterministically', () => {
    // LPT: 8 → s0, 7 → s1, 6 → s2, 5 → s2 (6 < 7, 8), 4 → s1, 1 → s0 (tie 8, 11, 11 → s0).
    expect(assignShards([5, 8, 1, 7, 4, 6], 3)).toEqual([2, 0, 0, 1, 1, 2]);
    // Equal costs go round-robin in run order.
    expect(assignShards([1, 1, 1, 1, 1], 2)).toEqual([0, 1, 0, 1, 0]);
    expect(assignShards([3, 2], 5)).toEqual([0, 1]);
    expect(() => assignShards([1], 0)).toThrow(/shard count/);
    expect(() => assignShards([Number.NaN], 2)).toThrow(/unit cost/);
  });

  it('partitions the units: every unit in exactly one shard, in run order', () => {
    const units = [3, 9, 1, 4, 4, 2, 8].map((cost, k) => ({ id: `u${k}`, cost, job: k }));
    for (let n = 1; n <= 9; n++) {
      const shards = Array.from({ length: n }, (_, i) => unitsOfShard(units, i + 1, n).map((u) => u.job));
      const all = shards.flat();
      expect(all.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      for (const s of shards) expect(s).toEqual([...s].sort((a, b) => a - b));
      const load = shards.map((s) => s.reduce((t, k) => t + units[k].cost, 0));
      // LPT's guarantee: no shard exceeds the mean load by more than the largest unit.
      expect(Math.max(...load)).toBeLessThanOrEqual(31 / n + 9);
    }
  });
});

describe('lossless JSON', () => {
  it('round-trips NaN, ±Infinity and −0 exactly, and every finite double', () => {
    const doc = {
      a: Number.NaN,
      b: [Infinity, -Infinity, -0, 0],
      c: { d: 0.1 + 0.2, e: 5e-324, f: -1.7976931348623157e308 },
      g: 'Infinity',
      h: null,
    };
    const back = decodeLossless(encodeLossless(doc)) as typeof doc;
    expect(Number.isNaN(back.a)).toBe(true);
    expect(back.b[0]).toBe(Infinity);
    expect(back.b[1]).toBe(-Infinity);
    expect(Object.is(back.b[2], -0)).toBe(true);
    expect(Object.is(back.b[3], 0)).toBe(true);
    expect(back.c).toEqual(doc.c);
    expect(back.g).toBe('Infinity');
    expect(back.h).toBeNull();
    expect(Object.is(decodeLossless(encodeLossless(-0)), -0)).toBe(true);
    expect(decodeLossless('{"$dlgenNumber":"x"}')).toEqual({ $dlgenNumber: 'x' });
  });
});
