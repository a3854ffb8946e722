import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NumericalError } from '../src/config/errors.js';
import { parseConfigText } from '../src/config/loadConfig.js';
import { classifyError, OutputError, UsageError } from '../src/cli/errors.js';
import { EXIT } from '../src/cli/exitCodes.js';
import { assertFinite, firstNonFinite, jsonLine } from '../src/cli/json.js';
import { maxWorkers } from '../src/cli/options.js';
import { checkWritable, writeFileAtomic } from '../src/cli/outFile.js';
import { runCli } from '../src/cli/runCli.js';
import { stdoutWasClosed } from '../src/cli/streams.js';
import { memoryIo } from './memoryIo.js';
import { configWriterIn, SMALL_SIMULATION } from './configFiles.js';

const dir = mkdtempSync(join(tmpdir(), 'dlgen errors '));
const configFile = configWriterIn(dir);
const small = SMALL_SIMULATION;
const smallTransfer = {
  inputDim: 12,
  hiddenDims: [6],
  outputDimA: 6,
  outputDimB: 6,
  examples: 12,
  epochs: 200,
  reportEvery: 20,
  runs: 2,
  learningRate: 0.01,
  initScale: 1e-3,
};

async function run(argv: string[], stdin?: string) {
  const io = memoryIo();
  const code = await runCli(argv, stdin === undefined ? io : { ...io, readStdin: () => stdin });
  return { code, out: io.out(), err: io.err() };
}

describe('exit codes by error type', () => {
  it('maps usage and config errors to 2, numerical to 3, output to 74, anything else to 70 with one line', () => {
    expect(classifyError(new UsageError('--x: bad'), false)).toEqual({ code: 2, message: 'dlgen: --x: bad\n' });
    expect(classifyError(new NumericalError('overflow'), false).code).toBe(3);
    expect(
      classifyError(new OutputError('out.csv', Object.assign(new Error('no space left'), { code: 'ENOSPC' })), false)
        .message,
    ).toBe('dlgen: cannot write out.csv: ENOSPC: no space left\n');
    const bug = classifyError(new RangeError('invariant broken'), false);
    expect(bug.code).toBe(EXIT.internal);
    expect(bug.message).toMatch(
      /^dlgen: internal error: invariant broken\ndlgen: this is a bug in dlgen; please report it/,
    );
    expect(bug.message).not.toMatch(/\n\s+at /);
    expect(classifyError(new RangeError('x'), true).message).toMatch(/\n\s+at /);
  });

  it('prints --version, and caps --workers at four per core with one message', async () => {
    const v = await run(['--version']);
    expect(v.code).toBe(0);
    expect(v.out.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    for (const cmd of ['simulate', 'compare', 'transfer']) {
      const r = await run([cmd, '--workers', String(maxWorkers() + 1)]);
      expect(r.code, cmd).toBe(2);
      expect(r.err).toContain(
        `--workers: got "${maxWorkers() + 1}"; allowed: integer in [1, ${maxWorkers()}] (four per core`,
      );
    }
  });
});

describe('configs', () => {
  it('reads --config - from stdin, strips a BOM, refuses duplicate keys and deep nesting by name', async () => {
    const stdin = await run(['simulate', '--config', '-', '--json'], JSON.stringify(small));
    expect(stdin.code, stdin.err).toBe(0);
    expect(JSON.parse(stdin.out).config.epochs).toBe(200);
    expect((await run(['simulate', '--config', configFile(`\uFEFF${JSON.stringify(small)}`)])).code).toBe(0);
    const dup = await run(['simulate', '--config', configFile('{"runs": 1, "epochs": 10, "runs": 2}')]);
    expect(dup.code).toBe(2);
    expect(dup.err).toContain('runs: got');
    expect(dup.err).toContain('key "runs" appears twice');
    const nestedDup = parseConfigFails('{"a": {"b": 1, "b": 2}}');
    expect(nestedDup).toContain('a.b');
    const deep = await run(['simulate', '--config', configFile(`${'['.repeat(100000)}${']'.repeat(100000)}`)]);
    expect(deep.code).toBe(2);
    expect(deep.err).toMatch(/c\d+\.json/);
    expect(deep.err).toContain('nested at most 64 levels');
    const junk = await run(['simulate', '--config', configFile({ junk: { a: { b: { c: { d: 1 } } } } })]);
    expect(junk.code).toBe(2);
    expect(junk.err).not.toContain('[object Object]');
    expect(junk.err).toContain('junk: got {"a":{"b":{"c":{…}}}}');
  });

  it('runs {"epochs": 3}: the default reportEvery shrinks to fit, a user value is still checked', async () => {
    const r = await run([
      'simulate',
      '--config',
      configFile({ ...small, reportEvery: undefined, epochs: 3 }),
      '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).epochs).toEqual([0, 3]);
    expect((await run(['simulate', '--config', configFile({ epochs: 3, reportEvery: 5 })])).code).toBe(2);
  });

  it('refuses a teacher whose norm underflows up front (exit 2, naming the field), in simulate, theory and transfer', async () => {
    for (const [cmd, raw, field] of [
      ['simulate', { ...small, teacherSingularValues: [1e-300, 0, 0], noiseStd: 0 }, 'teacherSingularValues[0]'],
      ['theory', { ...small, teacherSingularValues: [1e-200] }, 'teacherSingularValues[0]'],
      ['transfer', { ...smallTransfer, singularValuesA: [1e-300] }, 'singularValuesA[0]'],
    ] as const) {
      const r = await run([cmd, '--config', configFile(raw)]);
      expect(r.code, cmd).toBe(2);
      expect(r.err).toContain(`${field}: got`);
      expect(r.err).toContain('underflow');
      expect(r.err).not.toContain('must contain a value > 0');
    }
  });
});

describe('non-finite results', () => {
  it('are refused by the one JSON writer, naming where they are; verify writes them as strings', () => {
    expect(firstNonFinite({ a: [1, 2, { b: [0, Number.NaN] }] })).toEqual({ path: 'a[2].b[1]', value: Number.NaN });
    expect(firstNonFinite(new Float64Array([1, Infinity]))).toEqual({ path: '[1]', value: Infinity });
    expect(firstNonFinite({ a: null, b: 'x', c: [1] })).toBeUndefined();
    expect(() => jsonLine({ runs: [{ testError: [1, Infinity] }] }, 'simulate')).toThrow(
      /simulate: the result is not a finite number \(Infinity at runs\[0\]\.testError\[1\]\)/,
    );
    expect(() => assertFinite({ x: Number.NaN }, 'theory', () => 'the cause')).toThrow(/: the cause$/);
    expect(jsonLine({ ratio: -Infinity }, 'verify', 'string')).toBe('{"ratio":"-Infinity"}\n');
  });

  it('decoupled transfer that blows up exits 3 with the learning-rate advice', async () => {
    const r = await run([
      'transfer',
      '--engine',
      'decoupled',
      '--config',
      configFile({ ...smallTransfer, singularValuesB: [1e6] }),
    ]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/training diverged at epoch \d+ .* learningRate 0\.01; .* only for learningRate < \S+ /);
    const sweep = await run([
      'transfer',
      'sweep',
      '--engine',
      'decoupled',
      '--config',
      configFile({ ...smallTransfer, singularValuesB: [1e6] }),
      '--alignments',
      '0.5',
      '--snrs',
      '1e6',
    ]);
    expect(sweep.code).toBe(3);
  });

  it('gradient descent run at the advised learning rate converges (default config, every run)', async () => {
    const cfg = { epochs: 1000, reportEvery: 500, learningRate: 0.22 };
    const bad = await run(['simulate', '--config', configFile(cfg)]);
    expect(bad.code).toBe(3);
    const advised = Number(/learningRate < (\S+) /.exec(bad.err)![1]);
    expect(advised).toBeLessThan(0.21);
    const good = await run(['simulate', '--config', configFile({ ...cfg, learningRate: advised }), '--json']);
    expect(good.code, good.err).toBe(0);
  });
});

function parseConfigFails(text: string): string {
  try {
    parseConfigText(text, 'x.json');
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('verify arguments', () => {
  it('takes --claim C1,C18 and lists claims with statements; a bad --path exits 2 naming the flag', async () => {
    const list = await run(['verify', '--list', '--claim', 'C1,C18a', '--json']);
    expect(list.code).toBe(0);
    const doc = JSON.parse(list.out);
    expect(doc.claims.map((c: { id: string }) => c.id)).toEqual(['C1', 'C18a']);
    expect(doc.claims[0].statement.length).toBeGreaterThan(20);
    const text = await run(['verify', '--list']);
    expect(text.out).toMatch(/^C1 {2}mode decoupling/m);
    for (const path of ['garbage', '-1', '99999:0']) {
      const r = await run(['verify', '--claim', 'C1', '--path', path]);
      expect(r.code, path).toBe(2);
      expect(r.err).toMatch(/^dlgen: --path: got/);
    }
  });

  it('prints a replay line for a planted bug that includes --planted and reproduces the failure', async () => {
    const first = await run(['verify', '--claim', 'C18b', '--planted', 'Σ31 = Ŷ', '--seed', '3']);
    expect(first.code).toBe(1);
    const replay = /replay: dlgen (verify .*)/.exec(first.out)![1];
    expect(replay).toContain("--planted 'Σ31 = Ŷ'");
    const argv = replay.match(/'[^']*'|\S+/g)!.map((w) => w.replace(/^'|'$/g, ''));
    const again = await run(argv);
    expect(again.code).toBe(1);
  });
});

describe('--out', () => {
  it('is checked before the work (exit 2 naming the flag) and written atomically', async () => {
    const missing = join(dir, 'no such dir', 'out.csv');
    const r = await run([
      'transfer',
      'sweep',
      '--config',
      configFile(smallTransfer),
      '--alignments',
      '0.5',
      '--snrs',
      '3',
      '--out',
      missing,
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^dlgen: --out: cannot write .*no such dir/);
    expect(() => checkWritable('--out', dir)).toThrow(/is a directory/);
    const target = join(dir, 'atomic.csv');
    writeFileAtomic(target, 'a,b\n');
    expect(readFileSync(target, 'utf8')).toBe('a,b\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const ro = join(dir, 'readonly');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    if (process.getuid?.() !== 0) expect(() => writeFileAtomic(join(ro, 'x'), 'x')).toThrow(OutputError);
  });
});

describe('dlgen as a process: pipes and full disks', () => {
  const cli = join(process.cwd(), 'dist', 'cli', 'main.js');
  const built = existsSync(join(process.cwd(), 'dist', 'cli', 'streams.js'));
  const sh = (script: string) =>
    spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, CLI: cli } });

  it.skipIf(!built)(
    'a closed pipe ends quietly (141), a full disk is one line with exit 74, a closed stdout is 74',
    () => {
      // ~2 MB of JSON: far more than a pipe buffer, so the writer is still writing when head exits.
      const big = configFile({ ...small, runs: 1, epochs: 30000, reportEvery: 1 });
      const pipe = sh(
        `node "$CLI" simulate --config '${big}' --json | head -c 100 > /dev/null; echo "status \${PIPESTATUS[0]}" >&2`,
      );
      expect(pipe.stderr).toBe('status 141\n');
      expect(pipe.stderr).not.toMatch(/EPIPE|\n\s+at /);
      const full = sh('node "$CLI" --help > /dev/full; echo "status $?" >&2');
      expect(full.stderr).toBe('dlgen: cannot write stdout: ENOSPC: no space left on device, write\nstatus 74\n');
      const closed = sh('node "$CLI" --version >&-; echo "status $?" >&2');
      expect(closed.stderr).toMatch(/cannot write stdout: it is closed.*\nstatus 74\n$/);
      expect(stdoutWasClosed('/nonexistent')).toBe(false);
    },
  );
});

describe('progress line', () => {
  it('is cleared by Ctrl-C and before an error message', async () => {
    const { EventEmitter } = await import('node:events');
    const { createProgress, clearProgressLines } = await import('../src/cli/progress.js');
    let clock = 0;
    const io = memoryIo({ tty: true, clock: () => clock });
    const signals = new EventEmitter();
    const p = createProgress(io, signals as never);
    clock = 2000;
    p.update(3, 10, 'epochs');
    expect(io.err()).toMatch(/30% epochs/);
    expect(signals.listenerCount('SIGINT')).toBe(1);
    signals.emit('SIGINT');
    expect(io.err()).toMatch(/\r {70}\r$/);
    expect(signals.listenerCount('SIGINT')).toBe(0);
    const q = createProgress(io, signals as never);
    clock = 5000;
    q.update(1, 2);
    clearProgressLines();
    expect(io.err()).toMatch(/\r {70}\r$/);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });
});

describe('progress over long runs', () => {
  it('shows set-up time before the first unit, redraws every second, and estimates a run over a minute once', async () => {
    const { EventEmitter } = await import('node:events');
    const { createProgress, formatDuration } = await import('../src/cli/progress.js');
    let clock = 0;
    let tick: (() => void) | undefined;
    let stopped = false;
    const io = memoryIo({ tty: true, clock: () => clock });
    const p = createProgress(io, new EventEmitter() as never, (f) => {
      tick = f;
      return () => (stopped = true);
    });
    clock = 3000;
    tick!();
    expect(io.err()).toMatch(/0% {2}setting up, 3s/);
    clock = 4000;
    p.update(1, 100, 'epochs');
    clock = 6000;
    p.update(5, 100, 'epochs');
    expect(io.err()).not.toContain('this run will take');
    // 8 units in the 5 s after the first one: 91 more take ~57 s, ~66 s in all (set-up time excluded from the pace).
    clock = 9000;
    p.update(9, 100, 'epochs');
    expect(io.err()).toContain('dlgen: this run will take about 66 s in all (from its pace so far); Ctrl-C stops it\n');
    clock = 12000;
    p.update(12, 100, 'epochs');
    expect(io.err().match(/this run will take/g)).toHaveLength(1);
    p.finish();
    expect(stopped).toBe(true);
    expect([formatDuration(30), formatDuration(600), formatDuration(9000)]).toEqual(['30 s', '10 min', '2.5 h']);
    const quick = memoryIo({ tty: false, clock: () => clock });
    const q = createProgress(quick);
    clock += 10_000;
    q.update(99, 100);
    expect(quick.err()).toBe('');
  });
});

describe('replay lines of claims run outside dlgen verify', () => {
  it("name the runClaim call with the run's seed and path", async () => {
    const { runClaim } = await import('../src/claims/runClaim.js');
    const { CLAIMS } = await import('../src/claims/registry.js');
    const claim = { ...CLAIMS.find((c) => c.id === 'C18b')!, id: 'U2' };
    const ok = runClaim(claim, { seed: 3, numRuns: 2 });
    expect(ok.replay).toBe('runClaim(claim /* U2 */, { seed: 3, numRuns: 2 })');
    const bad = runClaim(claim, { seed: 3, implementation: claim.plantedBugs[0].implementation });
    expect(bad.holds).toBe(false);
    expect(bad.replay).toBe(`runClaim(claim /* U2 */, { seed: 3, path: '${bad.failure!.path}' })`);
    const again = runClaim(claim, {
      seed: 3,
      path: bad.failure!.path,
      implementation: claim.plantedBugs[0].implementation,
    });
    expect(again.failure!.spec).toEqual(bad.failure!.spec);
  });
});

describe('verify progress', () => {
  it('moves within a claim: tenths of a unit as instances finish, one unit per claim in all', async () => {
    const { runClaimJob } = await import('../src/claims/verifyJob.js');
    const reports: number[] = [];
    runClaimJob({ claimId: 'C18a', seed: 1, scale: 'ci', numRuns: 20 }, (u) => reports.push(u));
    expect(reports.length).toBeGreaterThanOrEqual(10);
    expect(reports.slice(0, -1).every((u) => u > 0 && u < 0.11)).toBe(true);
    expect(reports.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('compare divergence', () => {
  it('exits 3 with the advice over every run', async () => {
    const r = await run([
      'compare',
      '--config',
      configFile({ epochs: 300, reportEvery: 100, runs: 2, learningRate: 0.3 }),
    ]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/training diverged at epoch \d+ .* learningRate 0\.3; .* only for learningRate < 0\.2\d* /);
  });
});
