// ESLint flat config: typescript-eslint's recommended rules, a few project rules, and the layer order of src/.
//
// The layer order is read from src/layers.json (the folders of src/ from the ground up; an entry that is a list
// names folders of one layer). A folder may import from itself and from folders of LOWER layers only, type-only
// imports included; a folder of src/ missing from the list is an error, so a new folder must be placed first.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));
const srcDir = path.join(root, 'src');

/** Layer rank of each folder of src/, from src/layers.json: `{ "layers": [["numerics"], …, ["rmt", "dynamics"], …] }`. */
function readLayers() {
  const file = path.join(srcDir, 'layers.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(json.layers)) throw new Error(`${file}: expected { "layers": [[folder, …], …] }`);
  const rank = new Map();
  json.layers.forEach((layer, i) => {
    for (const name of layer) rank.set(name, i);
  });
  return rank;
}

const layerRank = readLayers();

/** The folder of src/ that an absolute path lies in, or undefined for files outside a folder of src/. */
function srcFolder(file) {
  const rel = path.relative(srcDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** dlgen/layer-order: imports (type-only, re-exports and dynamic imports included) point down the layers only. */
const layerOrder = {
  meta: {
    type: 'problem',
    docs: { description: 'imports between folders of src/ point down the layers of src/layers.json' },
    schema: [],
  },
  create(context) {
    const from = srcFolder(context.filename);
    if (from === undefined) return {};
    if (!layerRank.has(from)) {
      return {
        Program: (node) =>
          context.report({ node, message: `src/${from}/ is not listed in src/layers.json: add it in its layer` }),
      };
    }
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = srcFolder(path.resolve(path.dirname(context.filename), source));
      if (to === undefined || to === from) return;
      if (!layerRank.has(to)) {
        context.report({ node, message: `src/${to}/ is not listed in src/layers.json: add it in its layer` });
        return;
      }
      if (layerRank.get(to) >= layerRank.get(from)) {
        context.report({
          node,
          message:
            `src/${from}/ (layer ${layerRank.get(from)}) imports src/${to}/ (layer ${layerRank.get(to)}): ` +
            'imports point only to lower layers of src/layers.json',
        });
      }
    };
    const withSource = (node) => check(node.source, node.source?.value);
    return {
      ImportDeclaration: withSource,
      ExportNamedDeclaration: (node) => node.source && withSource(node),
      ExportAllDeclaration: withSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => {
        const arg = node.argument;
        const literal = arg?.type === 'TSLiteralType' ? arg.literal : arg;
        if (literal?.type === 'Literal') check(literal, literal.value);
      },
    };
  },
};

const noDefaultExport = { selector: 'ExportDefaultDeclaration', message: 'use named exports' };

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'fixtures/', 'assets/', 'scratch/', '.vitest-cache/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', performance: 'readonly' },
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { dlgen: { rules: { 'layer-order': layerOrder } } },
    rules: {
      'dlgen/layer-order': 'error',
      // Type-only imports stay visibly type-only (they vanish from the emitted JS).
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Exported functions are plain functions over plain data: no default exports, no namespaces.
      'no-restricted-syntax': ['error', noDefaultExport],
      // Unfinished work is left out, not marked.
      'no-warning-comments': ['error', { terms: ['todo', 'fixme', 'xxx'] }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Reference values (mpmath, quadrature nodes) are written with more digits than a double holds, on purpose.
      'no-loss-of-precision': 'off',
      'no-console': 'off',
      'prefer-const': 'error',
    },
  },
  {
    // Every random draw comes from a seeded, named stream (src/random), so the same seed gives the same bytes.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'draw from a seeded stream (createRng in src/random)' },
      ],
    },
  },
  {
    // The public API names each export (README's library section lists the groups).
    files: ['src/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        noDefaultExport,
        { selector: 'ExportAllDeclaration', message: 'name each public export (no export *)' },
      ],
    },
  },
  {
    // Config files of the tools themselves must default-export their config.
    files: ['*.config.{ts,js}'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
