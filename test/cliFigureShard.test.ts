import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/runCli.js';
import { memoryIo } from './memoryIo.js';

const FIGS = ['F2'];

/** The figure files of a directory (the unit cache aside), by name. */
function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => !f.startsWith('.'))
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
}

describe('dlgen figure --shard and dlgen merge', () => {
  it('figure --shard i/2 merged draws the same files and prints the same summary as the unsharded run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dlgen-figshard-'));
    const run = async (argv: string[], cwd: string) => {
      const io = memoryIo();
      const before = process.cwd();
      process.chdir(cwd);
      try {
        return { code: await runCli(argv, io), out: io.out(), err: io.err() };
      } finally {
        process.chdir(before);
      }
    };
    const argv = [
      'figure',
      ...FIGS,
      '--quick',
      '--format',
      ',',
      '--out',
      'figs',
      '--no-timings',
      '--workers',
      '1',
      '--runs',
      '1',
    ];
    const wholeDir = join(root, 'whole');
    const shardDir = join(root, 'sharded');
    for (const d of [wholeDir, shardDir]) (await import('node:fs')).mkdirSync(d);
    const whole = await run(argv, wholeDir);
    expect(whole.code, whole.err).toBe(0);
    expect(whole.out).not.toMatch(/ s\)$/m);
    const parts: string[] = [];
    for (const i of [2, 1]) {
      // Each shard runs in a directory of its own, as on another machine.
      const dir = join(root, `shard-${i}`);
      (await import('node:fs')).mkdirSync(dir);
      const r = await run([...argv, '--shard', `${i}/2`], dir);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(new RegExp(`^dlgen figure: shard ${i}/2 \\(from --shard\\): \\d+ of \\d+ units\\n$`));
      const file = join(root, `part-${i}.json`);
      writeFileSync(file, r.out);
      parts.push(file);
    }
    const m = await run(['merge', ...parts], shardDir);
    expect(m.code, m.err).toBe(0);
    expect(m.out).toBe(whole.out);
    expect(filesOf(join(shardDir, 'figs'))).toEqual(filesOf(join(wholeDir, 'figs')));
    expect(Object.keys(filesOf(join(wholeDir, 'figs')))).toEqual(['F2.csv', 'F2.vl.json']);
  });
});
