import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const built =
  existsSync(join(process.cwd(), 'dist', 'cli', 'main.js')) &&
  existsSync(join(process.cwd(), 'dist', 'kernels', 'kernels.wasm'));

describe('the npm package, installed into another project', () => {
  it.skipIf(!built)(
    'installs from its tarball into a path with a space, runs `npx dlgen verify --claim C1`, imports as ESM and explains require()',
    () => {
      const root = mkdtempSync(join(tmpdir(), 'dlgen pack '));
      // dist/ is already built (prepack would rebuild it); the tarball is exactly what `npm publish` ships.
      execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', root], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const tarball = join(
        root,
        readdirSync(root).find((f) => f.endsWith('.tgz'))!,
      );
      const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
      for (const file of [
        'package/LICENSE',
        'package/docs/theory.md',
        'package/docs/transfer.md',
        'package/examples/ownProperty.test.ts',
        'package/dist/cli/main.js',
        'package/require.cjs',
      ]) {
        expect(listing, file).toContain(file);
      }
      const project = join(root, 'my project');
      mkdirSync(project);
      writeFileSync(
        join(project, 'package.json'),
        JSON.stringify({ name: 'uses-dlgen', version: '1.0.0', private: true, type: 'module' }),
      );
      const install = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], {
        cwd: project,
        encoding: 'utf8',
      });
      expect(install.status, install.stderr).toBe(0);
      expect(install.stderr).not.toContain('allowScripts');
      const verify = spawnSync('npx', ['--no-install', 'dlgen', 'verify', '--claim', 'C1', '--runs', '20'], {
        cwd: project,
        encoding: 'utf8',
      });
      expect(verify.status, verify.stderr).toBe(0);
      expect(verify.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed');
      const esm = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "import { resolveConfig } from 'dlgen'; console.log(resolveConfig({}).inputDim);",
        ],
        { cwd: project, encoding: 'utf8' },
      );
      expect(esm.stdout.trim(), esm.stderr).toBe('100');
      const cjs = spawnSync(process.execPath, ['-e', "require('dlgen')"], { cwd: project, encoding: 'utf8' });
      expect(cjs.status).not.toBe(0);
      expect(cjs.stderr).toContain("dlgen is ESM: use import('dlgen')");
    },
    180_000,
  );
});
