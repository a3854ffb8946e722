import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { runCli } from '../src/cli/runCli.js';
import { memoryIo } from './memoryIo.js';

/** The variables that pick a shard from a Slurm array or a Kubernetes indexed job. */
const SHARD_VARS = [
  'SLURM_ARRAY_TASK_ID',
  'SLURM_ARRAY_TASK_COUNT',
  'SLURM_ARRAY_TASK_MIN',
  'SLURM_ARRAY_TASK_STEP',
  'JOB_COMPLETION_INDEX',
];

/**
 * Clears the shard variables for this test file (the tests set them themselves; a CI job that runs
 * inside a Slurm array must not shard them), after every test too, and restores them at exit.
 */
export function isolateShardVariables(): void {
  const saved = Object.fromEntries(SHARD_VARS.map((k) => [k, process.env[k]]));
  for (const k of SHARD_VARS) delete process.env[k];
  afterEach(() => {
    for (const k of SHARD_VARS) delete process.env[k];
  });
  process.on('exit', () =>
    Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined))),
  );
}

/** Runs the CLI in-process with these environment variables set. */
export async function runWithEnv(argv: string[], env: Record<string, string> = {}) {
  Object.assign(process.env, env);
  const io = memoryIo();
  try {
    const code = await runCli(argv, io);
    return { code, out: io.out(), err: io.err() };
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
  }
}

/** Writes shard outputs to numbered part files in `dir` and returns each path. */
export function partWriter(dir: string): (text: string) => string {
  let fileNo = 0;
  return (text) => {
    const f = join(dir, `part-${++fileNo}.json`);
    writeFileSync(f, text);
    return f;
  };
}
