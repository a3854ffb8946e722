import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every fenced block in README.md and docs/*.md is marked by the HTML comment on the line above it:
 *   <!-- example: NAME -->          a command block, run here (`dlgen` and `npm run --silent dlgen --` run the built CLI);
 *                                   CHECKS[NAME] checks what the text beside it says it shows
 *   <!-- example-file: FILE -->     a file the examples of that document use, written before they run
 *   <!-- example-output: NAME -->   the exact stdout of the example NAME
 *   <!-- not an example: REASON --> output shapes, recipes for other machines, the full CI run
 * In README.md, docs/transfer.md and docs/theory.md an unmarked block fails this test, so a new example
 * cannot go unchecked; other documents opt in block by block (docs/distributed.md's recipe is run by
 * test/distributedRecipe.test.ts).
 */
const repo = process.cwd();
const cli = join(repo, 'dist', 'cli', 'main.js');
const built = existsSync(cli);
const documents = [
  'README.md',
  ...readdirSync(join(repo, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];

interface Block {
  readonly doc: string;
  readonly line: number;
  readonly marker: string | undefined;
  readonly lang: string;
  readonly body: string;
}

function blocksOf(doc: string): Block[] {
  const lines = readFileSync(join(repo, doc), 'utf8').split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    let j = i + 1;
    while (j < lines.length && lines[j] !== '```') j++;
    const above = i > 0 ? /^<!-- (.*) -->$/.exec(lines[i - 1].trim()) : null;
    out.push({ doc, line: i + 1, marker: above?.[1], lang: open[1], body: lines.slice(i + 1, j).join('\n') });
    i = j;
  }
  return out;
}

const blocks = documents.flatMap(blocksOf);

/** Runs an example's shell lines with `dlgen` bound to the built CLI, in `dir`. */
function runExample(body: string, dir: string): { status: number | null; stdout: string; stderr: string } {
  const script = `set -e\ndlgen() { node "$DLGEN_CLI" "$@"; }\n${body.replaceAll('npm run --silent dlgen --', 'dlgen')}\n`;
  return spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, DLGEN_CLI: cli } });
}

/** What the text beside each example says it shows. */
const CHECKS: Record<string, (dir: string, stdout: string) => void> = {
  rank3(dir) {
    const doc = JSON.parse(readFileSync(join(dir, 'rank3.out.json'), 'utf8'));
    const epochs: number[] = doc.epochs;
    for (const run of doc.runs) {
      const halves = (run.modeStrengths as number[][]).map((s) => epochs[s.findIndex((x) => x > s.at(-1)! / 2)]);
      expect(halves[0]).toBeLessThan(halves[1]);
      expect(halves[1]).toBeLessThan(halves[2]);
      [360, 600, 900].forEach((near, k) => expect(Math.abs(halves[k] - near) / near).toBeLessThan(0.25));
    }
    const test: number[] = doc.mean.testError;
    const best = test.indexOf(Math.min(...test));
    expect(test[best]).toBeLessThan(0.15);
    expect(Math.abs(epochs[best] - 1200)).toBeLessThan(300);
    expect(test.at(-1)).toBeGreaterThan(0.5);
    expect(doc.mean.trainError.at(-1)).toBeLessThan(doc.mean.trainError[best]);
  },
  'transfer-default'(_dir, stdout) {
    const expected = blocks.find((b) => b.marker === 'example-output: transfer-default')!.body;
    expect(stdout).toContain(expected);
  },
  'transfer-interference'(dir) {
    const doc = JSON.parse(readFileSync(join(dir, 'interference.out.json'), 'utf8'));
    expect(doc.transfer.theory.toFixed(3)).toBe('-0.153');
    expect(doc.transfer.simulation.mean.toFixed(3)).toBe('-0.141');
    expect(doc.transfer.simulation.se.toFixed(3)).toBe('0.027');
  },
  library(_dir, stdout) {
    const shape = JSON.parse(stdout);
    expect(shape.result).toEqual(['config', 'epochs', 'runs', 'mean']);
    expect(shape.run).toEqual(['trainError', 'testError', 'modeStrengths']);
    for (const key of ['epochs', 'trainError', 'testError', 'modeStrengths', 'sHat', 'overlap', 'threshold'])
      expect(shape.theory).toContain(key);
  },
};

describe('examples in README.md and docs/', () => {
  it('mark every fenced block', () => {
    const strict = new Set(['README.md', join('docs', 'transfer.md'), join('docs', 'theory.md')]);
    const unmarked = blocks.filter(
      (b) =>
        strict.has(b.doc) && (!b.marker || !/^(example|example-file|example-output|not an example): \S/.test(b.marker)),
    );
    expect(unmarked.map((b) => `${b.doc}:${b.line}`)).toEqual([]);
    const names = blocks
      .filter((b) => b.marker?.startsWith('example: '))
      .map((b) => b.marker!.slice('example: '.length));
    expect(names.sort()).toEqual(Object.keys(CHECKS).sort());
  });

  for (const block of blocks.filter((b) => b.marker?.startsWith('example: '))) {
    const name = block.marker!.slice('example: '.length);
    it.skipIf(!built)(
      `${name} (${block.doc}:${block.line}) runs and shows what the text says`,
      () => {
        const dir = mkdtempSync(join(tmpdir(), 'dlgen-docs-'));
        for (const f of blocks.filter((b) => b.doc === block.doc && b.marker?.startsWith('example-file: '))) {
          writeFileSync(join(dir, f.marker!.slice('example-file: '.length)), f.body);
        }
        let result;
        if (block.lang === 'ts') {
          // A library example runs as an ES module inside the repository, where `import … from 'dlgen'` resolves to the package itself.
          const file = join(repo, `.docs-example-${process.pid}.mjs`);
          writeFileSync(file, block.body);
          try {
            result = spawnSync(process.execPath, [file], { cwd: repo, encoding: 'utf8' });
          } finally {
            rmSync(file, { force: true });
          }
        } else {
          result = runExample(block.body, dir);
        }
        expect(result.status, result.stderr).toBe(0);
        CHECKS[name](dir, result.stdout);
      },
      300_000,
    );
  }
});
