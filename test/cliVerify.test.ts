import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/runCli.js';
import { memoryIo } from './memoryIo.js';

describe('dlgen verify', () => {
  it('prints a table and "N passed, N failed" and exits 0 when the claims hold', async () => {
    const io = memoryIo();
    expect(await runCli(['verify', '--claim', 'C18', '--runs', '5'], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/^claim\s+name\s+instances\s+worst measured\s+predicted\s+tolerance\s+ratio\s+result\s+seed/m);
    expect(out).toMatch(/^C18a .* 5 .* pass\s+20190104/m);
    expect(out.trimEnd().split('\n').at(-1)).toBe('3 passed, 0 failed');
  });

  it('exits 1 with the counterexample, measured vs predicted and the replay command when a claim fails', async () => {
    const io = memoryIo();
    expect(await runCli(['verify', '--claim', 'C18b', '--planted', 'Σ31 = Ŷ', '--seed', '3'], io)).toBe(1);
    const out = io.out();
    expect(out).toMatch(/a FAIL below is the check doing its job/);
    expect(out).toMatch(/FAIL\s+3/);
    expect(out).toMatch(/counterexample spec: \{.*"seed":/);
    expect(out).toMatch(/measured .* predicted .* tolerance/);
    const replay = /replay: (dlgen verify .*)/.exec(out)![1];
    expect(replay).toMatch(/--claim C18b --seed 3 --path \d/);
    expect(out.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed');
  });

  it('replays a failure from its seed and path', async () => {
    const first = memoryIo();
    await runCli(['verify', '--claim', 'C18b', '--planted', 'Σ31 = Ŷ', '--seed', '3', '--json'], first);
    const report = JSON.parse(first.out()).claims[0];
    const again = memoryIo();
    await runCli(
      ['verify', '--claim', 'C18b', '--planted', 'Σ31 = Ŷ', '--seed', '3', '--path', report.failure.path, '--json'],
      again,
    );
    expect(JSON.parse(again.out()).claims[0].failure.spec).toEqual(report.failure.spec);
  });

  it('prints JSON with the union bound and one report per claim', async () => {
    const io = memoryIo();
    expect(await runCli(['verify', '--claim', 'C1', '--runs', '3', '--json'], io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc).toMatchObject({ seed: 20190104, scale: 'ci', passed: 1, failed: 0 });
    expect(doc.falseFailureBound).toBe(0);
    expect(doc.claims[0]).toMatchObject({ id: 'C1', holds: true, instances: 3 });
  });

  it('exits 2 on bad arguments', async () => {
    for (const argv of [
      ['verify', '--claim', 'C99'],
      ['verify', '--runs', '0'],
      ['verify', '--seed', 'x'],
      ['verify', '--path', '1:2'],
      ['verify', '--claim', 'C1', '--planted', 'no such bug'],
      ['verify', '--workers', '0'],
    ]) {
      const io = memoryIo();
      expect(await runCli(argv, io), argv.join(' ')).toBe(2);
      expect(io.err()).toMatch(/^dlgen: /);
    }
  });
});
