import { resolveShard, ShardError, type ShardChoice } from '../shard/shardSpec.js';
import { UsageError } from './errors.js';

/** The options every shardable command takes (see OPTIONS: shard, shardCount, timings). */
export interface ShardOptions {
  shard?: string;
  shardCount?: number;
}

/** Runs `f`, turning a shard error (a bad flag, variable or part file) into a usage error: exit 2, one line. */
export function shardUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ShardError) throw new UsageError(e.message);
    throw e;
  }
}

/** This process's shard: --shard, else SLURM_ARRAY_TASK_ID/COUNT, else JOB_COMPLETION_INDEX with --shard-count; undefined for the whole run. */
export function shardOf(
  opts: ShardOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ShardChoice | undefined {
  return shardUsage(() => resolveShard(opts.shard, opts.shardCount, env));
}
