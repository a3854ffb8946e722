/** Which shard of a run this process computes: 1-based `index` of `count`, and where that was read from. */
export interface ShardChoice {
  readonly index: number;
  readonly count: number;
  /** `--shard`, or the environment variables it was read from (said on stderr). */
  readonly source: string;
}

/** Most shards a run may be split into (a part file lists its units; more shards than units is allowed). */
export const MAX_SHARDS = 100_000;

/** Thrown for a bad shard flag or variable; the CLI reports it with exit code 2. */
export class ShardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardError';
  }
}

const INT = /^\s*(\d+)\s*$/;

/** Parses `--shard i/n` (1-based i, 1 ≤ i ≤ n ≤ MAX_SHARDS). */
export function parseShard(text: string): ShardChoice {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const allowed = `allowed: i/n with integers 1 ≤ i ≤ n ≤ ${MAX_SHARDS}, e.g. 2/4`;
  if (!m) throw new ShardError(`--shard: got "${text}"; ${allowed}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!(count >= 1 && count <= MAX_SHARDS && index >= 1 && index <= count))
    throw new ShardError(`--shard: got "${text}"; ${allowed}`);
  return { index, count, source: '--shard' };
}

/** A non-negative integer environment variable, or a usage error naming it. */
function envInt(env: Readonly<Record<string, string | undefined>>, name: string, allowed: string): number {
  const raw = env[name] ?? '';
  const m = INT.exec(raw);
  if (!m || !Number.isSafeInteger(Number(m[1]))) throw new ShardError(`${name}: got "${raw}"; allowed: ${allowed}`);
  return Number(m[1]);
}

/**
 * The shard of this process: `--shard i/n` if given; else a SLURM job array task
 * (SLURM_ARRAY_TASK_ID, _COUNT, and _MIN/_STEP when set: index (ID − MIN)/STEP, 0-based); else a
 * Kubernetes Indexed Job (JOB_COMPLETION_INDEX, 0-based, with `--shard-count N`); else undefined
 * (the whole run). Bad or contradictory values throw a usage error naming the flag or variable.
 */
export function resolveShard(
  flag: string | undefined,
  shardCount: number | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ShardChoice | undefined {
  if (shardCount !== undefined && !(Number.isInteger(shardCount) && shardCount >= 1 && shardCount <= MAX_SHARDS)) {
    throw new ShardError(`--shard-count: got ${shardCount}; allowed: integer in [1, ${MAX_SHARDS}]`);
  }
  if (flag !== undefined) {
    const s = parseShard(flag);
    if (shardCount !== undefined && shardCount !== s.count) {
      throw new ShardError(
        `--shard-count: got ${shardCount}, but --shard ${flag} says ${s.count} shards; give one of them`,
      );
    }
    return s;
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_ID !== '') {
    if (env.SLURM_ARRAY_TASK_COUNT === undefined || env.SLURM_ARRAY_TASK_COUNT === '') {
      throw new ShardError(
        'SLURM_ARRAY_TASK_COUNT: not set, but SLURM_ARRAY_TASK_ID is; allowed: the number of array tasks (Slurm sets both), or use --shard i/n',
      );
    }
    const count = envInt(env, 'SLURM_ARRAY_TASK_COUNT', `integer in [1, ${MAX_SHARDS}]`);
    if (count < 1 || count > MAX_SHARDS)
      throw new ShardError(`SLURM_ARRAY_TASK_COUNT: got ${count}; allowed: integer in [1, ${MAX_SHARDS}]`);
    if (shardCount !== undefined && shardCount !== count) {
      throw new ShardError(
        `--shard-count: got ${shardCount}, but SLURM_ARRAY_TASK_COUNT is ${count}; drop --shard-count under Slurm`,
      );
    }
    const id = envInt(env, 'SLURM_ARRAY_TASK_ID', 'a non-negative integer');
    const min = env.SLURM_ARRAY_TASK_MIN ? envInt(env, 'SLURM_ARRAY_TASK_MIN', 'a non-negative integer') : 0;
    const step = env.SLURM_ARRAY_TASK_STEP ? envInt(env, 'SLURM_ARRAY_TASK_STEP', 'a positive integer') : 1;
    if (step < 1) throw new ShardError(`SLURM_ARRAY_TASK_STEP: got ${step}; allowed: a positive integer`);
    const zero = (id - min) / step;
    if (!(Number.isInteger(zero) && zero >= 0 && zero < count)) {
      throw new ShardError(
        `SLURM_ARRAY_TASK_ID: got ${id}; allowed: MIN + k·STEP with k in [0, ${count - 1}] (SLURM_ARRAY_TASK_MIN = ${min}, STEP = ${step}, COUNT = ${count})`,
      );
    }
    const vars = [`SLURM_ARRAY_TASK_ID=${id}`, `SLURM_ARRAY_TASK_COUNT=${count}`];
    if (min !== 0) vars.push(`SLURM_ARRAY_TASK_MIN=${min}`);
    if (step !== 1) vars.push(`SLURM_ARRAY_TASK_STEP=${step}`);
    return { index: zero + 1, count, source: vars.join(', ') };
  }
  if (env.JOB_COMPLETION_INDEX !== undefined && env.JOB_COMPLETION_INDEX !== '') {
    if (shardCount === undefined) {
      throw new ShardError(
        "--shard-count: needed with JOB_COMPLETION_INDEX (Kubernetes does not export the number of completions); allowed: the Job's spec.completions",
      );
    }
    const k = envInt(env, 'JOB_COMPLETION_INDEX', `integer in [0, ${shardCount - 1}]`);
    if (k >= shardCount)
      throw new ShardError(
        `JOB_COMPLETION_INDEX: got ${k}; allowed: integer in [0, ${shardCount - 1}] (--shard-count ${shardCount})`,
      );
    return { index: k + 1, count: shardCount, source: `JOB_COMPLETION_INDEX=${k}, --shard-count ${shardCount}` };
  }
  if (shardCount !== undefined) {
    throw new ShardError(
      '--shard-count: needs JOB_COMPLETION_INDEX in the environment (a Kubernetes Indexed Job); elsewhere use --shard i/n',
    );
  }
  return undefined;
}

/** The stderr line that says which shard a process took and from where. */
export function shardNotice(command: string, s: ShardChoice, units: number, totalUnits: number): string {
  return `dlgen ${command}: shard ${s.index}/${s.count} (from ${s.source}): ${units} of ${totalUnits} units\n`;
}
