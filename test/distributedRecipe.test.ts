import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = join(process.cwd(), 'dist', 'cli', 'main.js');
const built = existsSync(join(process.cwd(), 'dist', 'cli', 'commands', 'merge.js'));
/** GNU parallel (moreutils ships another program of the same name, without ssh or --return). */
const gnuParallel = spawnSync('parallel', ['--version'], { encoding: 'utf8' });
const haveParallel = gnuParallel.status === 0 && gnuParallel.stdout.startsWith('GNU parallel');
/** The environment of the shard processes, without any scheduler's shard variables. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(SLURM_ARRAY_TASK_|JOB_COMPLETION_INDEX)/.test(k)),
);
/** A small claim subset in place of --thorough, so the recipe runs in seconds. */
const SMALL = '--claim C4 C18 C12b C16a --runs 3 --workers 1';

/** The documented GNU parallel one-liner, run on this machine: local slots, a small run, 3 shards. */
function localRecipe(): string {
  const doc = readFileSync(join(process.cwd(), 'docs', 'distributed.md'), 'utf8');
  const line = doc.split('\n').find((l) => l.startsWith('parallel -S '));
  expect(line, 'docs/distributed.md has the GNU parallel one-liner').toBeDefined();
  const swaps: [RegExp, string][] = [
    [/-S 4\/host1,4\/host2/, '-S 4/:'],
    [/--workdir ~\/dlgen/, '--workdir .'],
    [/--thorough/, SMALL],
    [/\{\}\/8/, '{}/3'],
    [/::: 1 2 3 4 5 6 7 8/, '::: 1 2 3'],
    [/'dlgen /, `'node ${cli} `],
    [/&& dlgen merge/, `&& node ${cli} merge`],
  ];
  let cmd = line!;
  for (const [from, to] of swaps) {
    expect(cmd, `the recipe still contains ${from}`).toMatch(from);
    cmd = cmd.replace(from, to);
  }
  return cmd;
}

describe('the distributed recipes of docs/distributed.md, as processes on this machine', () => {
  it.skipIf(!built)(
    `GNU parallel over "hosts" (${haveParallel ? 'GNU parallel, local slots' : 'parallel not installed: plain background processes'}) merges to the unsharded run`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'dlgen-recipe-'));
      const whole = spawnSync(process.execPath, [cli, 'verify', ...SMALL.split(' '), '--json', '--no-timings'], {
        encoding: 'utf8',
        env,
      });
      expect(whole.status, whole.stderr).toBe(0);
      const recipe = localRecipe();
      const script = haveParallel
        ? recipe
        : `for i in 1 2 3; do node ${cli} verify ${SMALL} --json --no-timings --shard $i/3 > part-$i.json & done; wait; node ${cli} merge part-*.json > verify-thorough.json`;
      const r = spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8', env });
      expect(r.status, r.stderr).toBe(0);
      for (const i of [1, 2, 3]) expect(existsSync(join(dir, `part-${i}.json`))).toBe(true);
      expect(readFileSync(join(dir, 'verify-thorough.json'), 'utf8')).toBe(whole.stdout);
    },
  );
});
