import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/runCli.js';
import { memoryIo } from './memoryIo.js';

const dir = mkdtempSync(join(tmpdir(), 'dlgen-cli-figure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dlgen figure', () => {
  it('lists F1–F11, the fine-tuning and the multitask figures with their panels as JSON', async () => {
    const io = memoryIo();
    expect(await runCli(['figure', '--list', '--json'], io)).toBe(0);
    const list = JSON.parse(io.out()) as { name: string; title: string; panels: { letter: string }[] }[];
    expect(list.map((f) => f.name)).toEqual([
      'F1',
      'F2',
      'F3',
      'F4',
      'F5',
      'F6',
      'F7',
      'F8',
      'F9',
      'F10',
      'F11',
      'FT-depth',
      'FT-scale',
      'FT-covariance',
      'FT-alpha',
      'MT-q',
      'MT-data',
      'MT-linear',
    ]);
    expect(list.find((f) => f.name === 'F3')!.panels.map((p) => p.letter)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
      'F',
      'G',
      'H',
    ]);
    const text = memoryIo();
    expect(await runCli(['figure', '--list'], text)).toBe(0);
    expect(text.out()).toContain('F7  Transfer benefit');
  });

  it.each([
    [['figure'], 'name at least one figure'],
    [['figure', 'F12'], 'allowed: F1, F2'],
    [['figure', '--all', 'F1'], '--all: cannot be combined'],
    [['figure', 'F1', '--format', 'gif'], '--format: got "gif"'],
    [['figure', 'F1', '--workers', '0'], '--workers'],
  ])('refuses %j with exit 2 naming the argument', async (args, message) => {
    const io = memoryIo();
    expect(await runCli(args, io)).toBe(2);
    expect(io.err()).toContain(message);
  });

  it('refuses an --out that is a file before any work', async () => {
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const io = memoryIo();
    expect(await runCli(['figure', 'F1', '--quick', '--out', file], io)).toBe(2);
    expect(io.err()).toContain('--out');
  });

  it('draws a figure with the formats asked for, progress only on a TTY', async () => {
    const out = join(dir, 'f1');
    const io = memoryIo({
      tty: true,
      clock: (() => {
        let t = 0;
        return () => (t += 1000);
      })(),
    });
    expect(await runCli(['figure', 'f1', '--quick', '--out', out, '--format', 'svg', '--seed', '3'], io)).toBe(0);
    expect(
      readdirSync(out)
        .filter((f) => !f.startsWith('.'))
        .sort(),
    ).toEqual(['F1.csv', 'F1.svg', 'F1.vl.json']);
    expect(io.out()).toContain(`${out}/F1.svg`);
    expect(io.err()).toContain('F1 F1/all');
  });
});

describe('dlgen verify --report', () => {
  it('writes the HTML report next to the usual output', async () => {
    const file = join(dir, 'report.html');
    const io = memoryIo();
    expect(await runCli(['verify', '--claim', 'C9', '--runs', '10', '--workers', '1', '--report', file], io)).toBe(0);
    expect(io.out()).toContain('1 passed, 0 failed');
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<h1>dlgen verify report</h1>');
    expect(html).toContain('id="fig-F1"');
    expect(html).toContain(`<dd>${process.version}</dd>`);
  }, 300_000);

  it('refuses a report path in a missing directory, and a report of one shard, with exit 2', async () => {
    const io = memoryIo();
    expect(await runCli(['verify', '--claim', 'C9', '--report', join(dir, 'missing', 'r.html')], io)).toBe(2);
    expect(io.err()).toContain('--report');
    const shard = memoryIo();
    expect(await runCli(['verify', '--claim', 'C9', '--shard', '1/2', '--report', join(dir, 'r.html')], shard)).toBe(2);
    expect(shard.err()).toContain('--report');
    expect(existsSync(join(dir, 'r.html'))).toBe(false);
  });
});
