import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolateShardVariables, partWriter, runWithEnv } from './shardHarness.js';

const dir = mkdtempSync(join(tmpdir(), 'dlgen-shard-'));
isolateShardVariables();
const run = runWithEnv;
const save = partWriter(dir);

/** A small, fast claim subset (8 units) with few instances. */
const VERIFY = ['verify', '--claim', 'C18', 'C4', 'C16a', 'C12b', 'C15b', 'C3', '--runs', '4', '--workers', '1'];
const PERMUTATIONS = [
  [0, 1, 2],
  [2, 0, 1],
  [1, 2, 0],
  [2, 1, 0],
];

describe('dlgen verify --shard and dlgen merge', () => {
  it('verify --shard i/3 (i = 1..3), merged in any order, equals the unsharded --json --no-timings byte for byte', async () => {
    const whole = await run([...VERIFY, '--json', '--no-timings']);
    expect(whole.code, whole.err).toBe(0);
    expect(whole.out).not.toMatch(/"seconds"/);
    const again = await run([...VERIFY, '--json', '--no-timings']);
    expect(again.out).toBe(whole.out);
    const parts: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const r = await run([...VERIFY, '--json', '--no-timings', '--shard', `${i}/3`]);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(new RegExp(`^dlgen verify: shard ${i}/3 \\(from --shard\\): \\d of 8 units\\n$`));
      const part = JSON.parse(r.out);
      expect(part.manifest).toMatchObject({
        command: 'verify',
        rootSeed: 20190104,
        shard: { index: i, count: 3 },
        counts: { totalUnits: 8 },
      });
      expect(part.manifest.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(part.manifest.configHash).toMatch(/^[0-9a-f]{64}$/);
      // The part carries the shard's own normal output too.
      expect(JSON.parse(part.output).claims.map((c: { id: string }) => c.id)).toEqual(part.manifest.units);
      parts.push(save(r.out));
    }
    for (const order of PERMUTATIONS) {
      const m = await run(['merge', ...order.map((k) => parts[k])]);
      expect(m.code, m.err).toBe(0);
      expect(m.out).toBe(whole.out);
    }
  });

  it('takes the shard from SLURM_ARRAY_TASK_ID/COUNT and from JOB_COMPLETION_INDEX with --shard-count, and says so on stderr', async () => {
    const whole = await run([...VERIFY, '--json', '--no-timings']);
    const slurm: string[] = [];
    const k8s: string[] = [];
    for (let k = 0; k < 3; k++) {
      const s = await run([...VERIFY, '--json', '--no-timings'], {
        SLURM_ARRAY_TASK_ID: String(k),
        SLURM_ARRAY_TASK_COUNT: '3',
      });
      expect(s.code, s.err).toBe(0);
      expect(s.err).toContain(`shard ${k + 1}/3 (from SLURM_ARRAY_TASK_ID=${k}, SLURM_ARRAY_TASK_COUNT=3)`);
      slurm.push(save(s.out));
      const j = await run([...VERIFY, '--json', '--no-timings', '--shard-count', '3'], {
        JOB_COMPLETION_INDEX: String(k),
      });
      expect(j.code, j.err).toBe(0);
      expect(j.err).toContain(`shard ${k + 1}/3 (from JOB_COMPLETION_INDEX=${k}, --shard-count 3)`);
      k8s.push(save(j.out));
    }
    expect((await run(['merge', slurm[1], slurm[2], slurm[0]])).out).toBe(whole.out);
    expect((await run(['merge', k8s[2], k8s[0], k8s[1]])).out).toBe(whole.out);
    // Parts of one run mix freely, whatever engine chose their shard.
    expect((await run(['merge', slurm[0], k8s[1], slurm[2]])).out).toBe(whole.out);
  });

  it('merges the table output and blocked runs exactly as the unsharded run prints them', async () => {
    for (const extra of [
      ['--no-timings'],
      ['--no-timings', '--block-size', '3', '--json'],
      ['--no-timings', '--block-size', '2'],
    ]) {
      const whole = await run([...VERIFY, ...extra]);
      expect(whole.code, whole.err).toBe(0);
      const parts = [];
      for (let i = 1; i <= 4; i++) parts.push(save((await run([...VERIFY, ...extra, '--shard', `${i}/4`])).out));
      const m = await run(['merge', ...parts.reverse()]);
      expect(m.code, m.err).toBe(0);
      expect(m.out, extra.join(' ')).toBe(whole.out);
    }
    const table = await run([...VERIFY, '--no-timings']);
    expect(table.out).toMatch(
      /^claim\s+name\s+instances\s+worst measured\s+predicted\s+tolerance\s+ratio\s+result\s+seed\n/,
    );
    expect(table.out).not.toMatch(/\d+\.\ds$/m);
    expect((await run([...VERIFY])).out).toMatch(/\s+time\n/);
  });

  it('a failing claim: the shard still writes its part (exit 0), merge prints the failure and exits 1 like verify', async () => {
    const argv = ['verify', '--claim', 'C18b', '--planted', 'Σ31 = Ŷ', '--seed', '3', '--no-timings'];
    const whole = await run(argv);
    expect(whole.code).toBe(1);
    const p = await run([...argv, '--shard', '1/1']);
    expect(p.code).toBe(0);
    expect(p.err).toMatch(/1 unit\(s\) of this shard failed; dlgen merge reports them/);
    const m = await run(['merge', save(p.out)]);
    expect(m.code).toBe(1);
    expect(m.out).toBe(whole.out);
    expect(m.out).toMatch(/replay: dlgen verify --claim C18b --seed 3 --path \S+ --planted/);
  });

  it("a failing block's replay line replays its counterexample, without --block-size", async () => {
    const blocked = await run([
      'verify',
      '--claim',
      'C18b',
      '--planted',
      'Σ31 = Ŷ',
      '--seed',
      '3',
      '--block-size',
      '30',
      '--runs',
      '100',
      '--no-timings',
      '--json',
    ]);
    expect(blocked.code).toBe(1);
    const report = JSON.parse(blocked.out).claims[0];
    const m = /^dlgen verify --claim C18b --seed (\d+) --path (\S+) --runs 100 --planted 'Σ31 = Ŷ'$/.exec(
      report.replay,
    );
    expect(m, report.replay).not.toBeNull();
    const again = await run([
      'verify',
      '--claim',
      'C18b',
      '--seed',
      m![1],
      '--path',
      m![2],
      '--runs',
      '100',
      '--planted',
      'Σ31 = Ŷ',
      '--no-timings',
      '--json',
    ]);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.out).claims[0].failure.spec).toEqual(report.failure.spec);
  });

  it('merge --report writes the HTML report of the merged verify run (a shard refuses --report)', async () => {
    const argv = ['verify', '--claim', 'C18', '--runs', '2', '--no-timings', '--workers', '1'];
    const parts = [];
    for (let i = 1; i <= 2; i++) parts.push(save((await run([...argv, '--shard', `${i}/2`])).out));
    const html = join(dir, 'report.html');
    const m = await run(['merge', ...parts, '--report', html]);
    expect(m.code, m.err).toBe(0);
    const page = readFileSync(html, 'utf8');
    for (const id of ['C18a', 'C18b', 'C18c']) expect(page).toContain(id);
    const refused = await run([...argv, '--shard', '1/2', '--report', html]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(
      /^dlgen: --report: a shard has no verdict of its own; write the report with dlgen merge --report/,
    );
  });

  it('refuses missing, duplicated and foreign parts with exit 2 and one line, without a stack trace', async () => {
    const parts = [];
    for (let i = 1; i <= 3; i++)
      parts.push(save((await run([...VERIFY, '--json', '--no-timings', '--shard', `${i}/3`])).out));
    const otherSeed = save((await run([...VERIFY, '--json', '--no-timings', '--seed', '5', '--shard', '3/3'])).out);
    const otherConfig = save((await run([...VERIFY, '--no-timings', '--shard', '3/3'])).out);
    const junk = save('{"not": "a part"}');
    const cases: [string[], RegExp][] = [
      [[parts[0], parts[2]], /^dlgen: merge: missing shard 2\/3\n$/],
      [
        [parts[0], parts[1], parts[1], parts[2]],
        /^dlgen: merge: duplicated shard 2\/3: .*part-\d+\.json and .*part-\d+\.json\n$/,
      ],
      [[parts[0], parts[1], otherSeed], /^dlgen: merge: different seeds: .* has seed 20190104, .* has 5\n$/],
      [[parts[0], parts[1], otherConfig], /^dlgen: merge: different configs: /],
      [[parts[0], junk], /^dlgen: merge: .* is not a dlgen part file/],
      [[join(dir, 'absent.json')], /^dlgen: merge: cannot read .*absent.json \(ENOENT\)\n$/],
    ];
    for (const [files, message] of cases) {
      const r = await run(['merge', ...files]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.out).toBe('');
    }
    expect((await run(['merge'])).code).toBe(2);
  });

  it('exits 2 naming the flag or variable on bad shard values', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--shard', '4/3'], {}, /^dlgen: --shard: got "4\/3"; allowed: i\/n/],
      [['--shard', 'x'], {}, /^dlgen: --shard: got "x"/],
      [['--shard-count', '0'], {}, /^dlgen: --shard-count: got "0"; allowed: integer in \[1, 100000\]/],
      [['--shard-count', '2'], {}, /^dlgen: --shard-count: needs JOB_COMPLETION_INDEX/],
      [[], { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '3' }, /^dlgen: SLURM_ARRAY_TASK_ID: got 3/],
      [[], { SLURM_ARRAY_TASK_ID: '0' }, /^dlgen: SLURM_ARRAY_TASK_COUNT: not set/],
      [[], { JOB_COMPLETION_INDEX: '1' }, /^dlgen: --shard-count: needed with JOB_COMPLETION_INDEX/],
      [['--shard-count', '2'], { JOB_COMPLETION_INDEX: 'two' }, /^dlgen: JOB_COMPLETION_INDEX: got "two"/],
      [['--block-size', '0'], {}, /^dlgen: --block-size: got "0"/],
      [
        ['--block-size', '2', '--claim', 'C4', '--path', '1:0'],
        {},
        /^dlgen: --block-size: cannot be combined with --path/,
      ],
    ];
    for (const [extra, env, message] of cases) {
      const r = await run(['verify', '--claim', 'C4', '--runs', '2', ...extra], env);
      expect(r.code, `${extra.join(' ')} ${JSON.stringify(env)}: ${r.err}`).toBe(2);
      expect(r.err).toMatch(message);
    }
  });
});

const small = {
  inputDim: 16,
  examples: 16,
  outputDimA: 6,
  outputDimB: 6,
  hiddenDims: [8],
  singularValuesA: [3],
  singularValuesB: [2],
  epochs: 300,
  runs: 2,
  seed: 4,
};

describe('dlgen transfer sweep --shard and dlgen merge', () => {
  it('transfer sweep --shard i/2 merges to the unsharded CSV, byte for byte', async () => {
    const config = join(dir, 'transfer.json');
    writeFileSync(config, JSON.stringify(small));
    const argv = [
      'transfer',
      'sweep',
      '--config',
      config,
      '--alignments',
      '0,1',
      '--snrs',
      '2',
      '3',
      '--engine',
      'decoupled',
      '--workers',
      '1',
      '--no-timings',
    ];
    const whole = await run(argv);
    expect(whole.code, whole.err).toBe(0);
    expect(whole.out.split('\n')).toHaveLength(6);
    const p1 = await run([...argv, '--shard', '1/2']);
    expect(p1.err).toBe('dlgen transfer sweep: shard 1/2 (from --shard): 2 of 4 units\n');
    const out2 = join(dir, 'sweep-2.json');
    const p2 = await run([...argv, '--shard', '2/2', '--out', out2]);
    expect(p2.code, p2.err).toBe(0);
    expect(p2.out).toBe('');
    const part2 = JSON.parse(readFileSync(out2, 'utf8'));
    expect(part2.manifest).toMatchObject({
      command: 'transfer sweep',
      rootSeed: 4,
      units: ['1:q=0,snr=3', '3:q=1,snr=3'],
    });
    expect(part2.output.split('\n')).toHaveLength(4);
    const m = await run(['merge', out2, save(p1.out)]);
    expect(m.code, m.err).toBe(0);
    expect(m.out).toBe(whole.out);
    const mergedFile = join(dir, 'merged.csv');
    expect((await run(['merge', out2, save(p1.out), '--out', mergedFile])).code).toBe(0);
    expect(readFileSync(mergedFile, 'utf8')).toBe(whole.out);
    // A sweep part and a verify part are not one run.
    const v = save((await run(['verify', '--claim', 'C4', '--runs', '1', '--shard', '1/2'])).out);
    const r = await run(['merge', out2, v]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is a part of "dlgen verify"/);
    const rep = await run(['merge', out2, save(p1.out), '--report', join(dir, 'sweep.html')]);
    expect(rep.code).toBe(2);
    expect(rep.err).toMatch(
      /^dlgen: --report: only for parts of dlgen verify; these are parts of dlgen transfer sweep\n$/,
    );
  });
});
