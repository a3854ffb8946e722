import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The declared layers of src/ (src/layers.json) hold: no import points up, no folder cycle,
// every folder is declared, and README's layer line is the one generated from the file.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src');
const declared = JSON.parse(readFileSync(join(srcDir, 'layers.json'), 'utf8')) as { layers: string[][] };

/** Layer index of every declared folder. */
const layerOf = new Map<string, number>();
declared.layers.forEach((folders, i) => folders.forEach((f) => layerOf.set(f, i)));

/** Every .ts file under a directory. */
function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Relative module specifiers a file imports or re-exports (static, type-only, side-effect and dynamic). */
export function importsOf(text: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) if (m[1].startsWith('.')) specs.push(m[1]);
  return specs;
}

/** The folder of src/ a path lies in ('' for src/ itself, undefined outside src/). */
function folderOf(path: string): string | undefined {
  const rel = relative(srcDir, path);
  if (rel.startsWith('..')) return undefined;
  const parts = rel.split(sep);
  return parts.length > 1 ? parts[0] : '';
}

interface Edge {
  readonly file: string;
  readonly from: string;
  readonly to: string;
  readonly test: boolean;
}

/** Every import from one folder of src/ to another (or to test/). */
function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of tsFiles(srcDir)) {
    const from = folderOf(file)!;
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const target = resolve(dirname(file), spec);
      const to = folderOf(target) ?? (relative(root, target).split(sep)[0] === 'test' ? 'test/' : '(outside src)');
      if (to !== from) out.push({ file: relative(root, file), from, to, test: file.endsWith('.test.ts') });
    }
  }
  return out;
}

/** The README layer line generated from src/layers.json. */
export function layerLine(layers: readonly (readonly string[])[]): string {
  return layers.map((folders) => folders.map((f) => `\`${f}\``).join(', ')).join(' → ');
}

describe('declared layers (src/layers.json)', () => {
  const all = edges();

  it('declares every folder of src/ exactly once, and no folder that does not exist', () => {
    const folders = readdirSync(srcDir)
      .filter((n) => statSync(join(srcDir, n)).isDirectory())
      .sort();
    const listed = declared.layers.flat();
    expect(
      listed.filter((f, i) => listed.indexOf(f) !== i),
      'declared twice',
    ).toEqual([]);
    expect(
      folders.filter((f) => !layerOf.has(f)),
      'folders missing from src/layers.json',
    ).toEqual([]);
    expect(
      listed.filter((f) => !folders.includes(f)),
      'declared folders that do not exist',
    ).toEqual([]);
  });

  it('has no import from a folder to one in the same or a higher layer (type-only imports included)', () => {
    const bad = all
      .filter((e) => !e.test && e.from !== '')
      .filter(
        (e) =>
          e.to === 'test/' ||
          e.to === '(outside src)' ||
          !layerOf.has(e.to) ||
          layerOf.get(e.to)! >= (layerOf.get(e.from) ?? -1),
      )
      .map((e) => `${e.file}: ${e.from} (layer ${layerOf.get(e.from)}) imports ${e.to} (layer ${layerOf.get(e.to)})`);
    expect(bad).toEqual([]);
  });

  it('lets test files import only their own layer and below, plus the helpers in test/', () => {
    const bad = all
      .filter((e) => e.test && e.to !== 'test/')
      .filter((e) => e.to === '(outside src)' || !layerOf.has(e.to) || layerOf.get(e.to)! > (layerOf.get(e.from) ?? -1))
      .map(
        (e) =>
          `${e.file}: test of ${e.from} (layer ${layerOf.get(e.from)}) imports ${e.to} (layer ${layerOf.get(e.to)})`,
      );
    expect(bad).toEqual([]);
  });

  it('has no cycle between folders (tests included)', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of all)
      if (e.from !== '' && e.to !== 'test/') (graph.get(e.from) ?? graph.set(e.from, new Set()).get(e.from)!).add(e.to);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (n: string, path: string[]) => {
      if (state.get(n) === 'done') return;
      if (state.get(n) === 'open') {
        cycles.push([...path.slice(path.indexOf(n)), n].join(' → '));
        return;
      }
      state.set(n, 'open');
      for (const m of graph.get(n) ?? []) visit(m, [...path, n]);
      state.set(n, 'done');
    };
    for (const n of graph.keys()) visit(n, []);
    expect(cycles).toEqual([]);
  });

  it('README states the layer line generated from src/layers.json', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const line = layerLine(declared.layers);
    expect(readme.includes(`\n${line}\n`), `README.md must contain this line:\n${line}`).toBe(true);
  });

  it('finds imports of every form, so the checks above cannot pass vacuously', () => {
    const text =
      "import a from './a.js';\nimport type { B } from '../b/b.js';\nexport * from '../c/c.js';\nimport '../d/d.js';\nconst e = await import('../e/e.js');\nimport x from 'node:fs';";
    expect(importsOf(text).sort()).toEqual(['../b/b.js', '../c/c.js', '../d/d.js', '../e/e.js', './a.js']);
    expect(all.length).toBeGreaterThan(100);
    expect(layerLine([['a'], ['b', 'c']])).toBe('`a` → `b`, `c`');
  });
});
