import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/simulationConfig.js';
import { npyBytes, runArrays, saveSimulationArrays } from '../src/network/saveArrays.js';

// `simulate --save-arrays DIR` writes runs a researcher can rerun elsewhere: an independent numpy
// GD (test/numpy_gd.py) started from the saved initial weights must end at the saved final weights.

const script = fileURLToPath(new URL('./numpy_gd.py', import.meta.url));
const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** The first Python that imports numpy: $DLGEN_PYTHON, python3, /usr/bin/python3, python. */
function findNumpyPython(): string | undefined {
  const candidates = [process.env.DLGEN_PYTHON, 'python3', '/usr/bin/python3', 'python'].filter(
    (c): c is string => !!c,
  );
  return candidates.find((py) => spawnSync(py, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0);
}
const python = findNumpyPython();
const missing =
  'SKIPPED: no python with numpy (tried $DLGEN_PYTHON, python3, /usr/bin/python3, python); install python3-numpy';
if (!python) console.warn(`test/saveArrays.test.ts: ${missing}`);

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'dlgen-arrays-'));
}

/** Reads a float64 C-order .npy written by npyBytes back into shape and data. */
function readNpy(path: string): { shape: number[]; data: Float64Array } {
  const b = readFileSync(path);
  const len = b.readUInt16LE(8);
  const header = b.subarray(10, 10 + len).toString('latin1');
  const shape = header
    .match(/\((\d+), (\d+)\)/)!
    .slice(1)
    .map(Number);
  const data = new Float64Array(b.buffer.slice(b.byteOffset + 10 + len, b.byteOffset + b.length));
  return { shape, data };
}

describe('--save-arrays', () => {
  it('writes .npy files numpy reads: magic, 64-byte aligned header, <f8 C order', () => {
    const m = { rows: 2, cols: 3, data: Float64Array.from([1, -2, 3.5, 1e-300, Math.PI, 0]) };
    const bytes = npyBytes(m);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const len = bytes[8] + 256 * bytes[9];
    expect((10 + len) % 64).toBe(0);
    expect(new TextDecoder().decode(bytes.subarray(10, 10 + len))).toMatch(
      /^\{'descr': '<f8', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/,
    );
    expect(new Float64Array(bytes.slice(10 + len).buffer)).toEqual(m.data);
  });

  const cases: Record<string, unknown>[] = [
    { hiddenDims: [9], update: 'sequential', inputs: 'orthogonal', examples: 12, init: 'aligned' },
    { hiddenDims: [9], update: 'simultaneous', inputs: 'gaussian', examples: 15, init: 'random' },
    { hiddenDims: [10, 7], update: 'sequential', inputs: 'orthogonal', examples: 20, init: 'random' },
    { hiddenDims: [10, 7], update: 'simultaneous', inputs: 'orthogonal', examples: 8, init: 'aligned' },
    { hiddenDims: [8, 9, 7], update: 'sequential', inputs: 'gaussian', examples: 10, init: 'random' },
    { hiddenDims: [8, 9, 7], update: 'simultaneous', inputs: 'orthogonal', examples: 12, init: 'random' },
    // Nonlinear students (simultaneous update, random init): leaky ReLU at D_w = 2, ReLU at D_w = 3 with Gaussian inputs and P ≠ N1.
    { hiddenDims: [9], inputs: 'orthogonal', examples: 12, activation: 'leakyRelu', leakySlope: 0.1 },
    { hiddenDims: [10, 7], inputs: 'gaussian', examples: 15, activation: 'relu' },
  ];
  it.skipIf(!python)(
    `an independent numpy GD reproduces the saved runs to 1e-9 (linear, both orders, depth 2–4; leaky ReLU D_w = 2, ReLU D_w = 3)${python ? '' : ` — ${missing}`}`,
    () => {
      for (const c of cases) {
        const config = resolveConfig({
          inputDim: 12,
          outputDim: 8,
          teacherSingularValues: [3, 1.5],
          noiseStd: 0.5,
          learningRate: 0.05,
          initScale: 0.1,
          epochs: 150,
          reportEvery: 50,
          runs: 2,
          seed: 11,
          ...c,
        });
        const dir = freshDir();
        saveSimulationArrays(config, dir);
        const out = spawnSync(python!, [script, dir], { encoding: 'utf8' });
        expect(out.stderr).toBe('');
        const res = JSON.parse(out.stdout) as { runs: number; depth: number; maxRelativeGap: number };
        expect(res.depth).toBe(config.hiddenDims.length + 1);
        // Both sides compute (2.2) in float64 over 150 epochs; they differ only by rounding (≈1e-15 per epoch, not amplified at this λ).
        expect(res.maxRelativeGap, JSON.stringify(c)).toBeLessThan(1e-9);
        expect(res.maxRelativeGap).toBeGreaterThanOrEqual(0);
      }
    },
  );

  it('saves the data, teacher and weights of the run simulate trains, with THEORY (2.1) shapes', () => {
    const config = resolveConfig({
      inputDim: 6,
      hiddenDims: [5, 4],
      outputDim: 3,
      examples: 7,
      teacherSingularValues: [2],
      epochs: 20,
      reportEvery: 10,
      runs: 2,
      seed: 3,
    });
    const dir = freshDir();
    saveSimulationArrays(config, dir);
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'run-0', 'run-1']);
    expect(readdirSync(join(dir, 'run-1')).sort()).toEqual([
      'final-1.npy',
      'final-2.npy',
      'final-3.npy',
      'initial-1.npy',
      'initial-2.npy',
      'initial-3.npy',
      'inputs.npy',
      'targets.npy',
      'teacher.npy',
    ]);
    const a = runArrays(config, 1);
    const shape = (name: string) => readNpy(join(dir, 'run-1', `${name}.npy`)).shape;
    expect(shape('inputs')).toEqual([6, 7]);
    expect(shape('targets')).toEqual([3, 7]);
    expect(shape('teacher')).toEqual([3, 6]);
    expect([shape('initial-1'), shape('initial-2'), shape('final-3')]).toEqual([
      [5, 6],
      [4, 5],
      [3, 4],
    ]);
    expect(readNpy(join(dir, 'run-1', 'final-2.npy')).data).toEqual(a.final[1].data);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(config)));
  });

  it('refuses a non-empty directory unless forced, replacing only its run folders', () => {
    const config = resolveConfig({
      inputDim: 4,
      hiddenDims: [3],
      outputDim: 2,
      examples: 4,
      teacherSingularValues: [1],
      epochs: 2,
      reportEvery: 1,
      runs: 1,
    });
    const dir = freshDir();
    writeFileSync(join(dir, 'notes.txt'), 'keep');
    expect(() => saveSimulationArrays(config, dir)).toThrow(/not empty.*--force/);
    saveSimulationArrays(config, dir, { force: true });
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'notes.txt', 'run-0']);
    expect(() => saveSimulationArrays(config, join(dir, 'notes.txt'))).toThrow(/not a directory/);
  });

  it.skipIf(!existsSync(cli))('is wired into dlgen simulate: same --json bytes, exit 2 on a non-empty DIR', () => {
    const cfg = join(freshDir(), 'c.json');
    writeFileSync(
      cfg,
      JSON.stringify({ inputDim: 6, hiddenDims: [4], outputDim: 3, examples: 6, epochs: 30, reportEvery: 10, runs: 2 }),
    );
    const dir = join(freshDir(), 'arrays');
    const plain = spawnSync(process.execPath, [cli, 'simulate', '--config', cfg, '--json'], { encoding: 'utf8' });
    const saved = spawnSync(process.execPath, [cli, 'simulate', '--config', cfg, '--json', '--save-arrays', dir], {
      encoding: 'utf8',
    });
    expect(saved.status).toBe(0);
    expect(saved.stdout).toBe(plain.stdout);
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'run-0', 'run-1']);
    const again = spawnSync(process.execPath, [cli, 'simulate', '--config', cfg, '--save-arrays', dir], {
      encoding: 'utf8',
    });
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/--save-arrays: .* not empty/);
    const forced = spawnSync(process.execPath, [cli, 'simulate', '--config', cfg, '--save-arrays', dir, '--force'], {
      encoding: 'utf8',
    });
    expect(forced.status).toBe(0);
    const lonely = spawnSync(process.execPath, [cli, 'simulate', '--config', cfg, '--force'], { encoding: 'utf8' });
    expect(lonely.status).toBe(2);
  });
});
