import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A writer of config files into a fresh temporary folder named by `prefix`: objects as JSON, strings verbatim; returns each file's path. */
export function configWriter(prefix: string): (raw: unknown) => string {
  return configWriterIn(mkdtempSync(join(tmpdir(), prefix)));
}

/** A writer of config files into the folder `dir` (c0.json, c1.json, …): objects as JSON, strings verbatim; returns each file's path. */
export function configWriterIn(dir: string): (raw: unknown) => string {
  let n = 0;
  return (raw) => {
    const path = join(dir, `c${n++}.json`);
    writeFileSync(path, typeof raw === 'string' ? raw : JSON.stringify(raw));
    return path;
  };
}

/** A simulation config small enough for CLI tests (12 inputs, one hidden layer of 6, 200 epochs, 2 runs). */
export const SMALL_SIMULATION = {
  inputDim: 12,
  hiddenDims: [6],
  outputDim: 6,
  examples: 12,
  teacherSingularValues: [3],
  epochs: 200,
  reportEvery: 20,
  runs: 2,
  learningRate: 0.01,
  initScale: 1e-3,
};
