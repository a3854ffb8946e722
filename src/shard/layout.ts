import { unitsOfShard, type WorkUnit } from './assign.js';
import type { RunLayout } from './part.js';
import { planSweep, type SweepRunConfig } from './sweepUnits.js';
import { planVerify, type VerifyRunConfig } from './verifyUnits.js';
import { planMultitaskSweep, type MultitaskSweepRun } from '../multitask/sweep.js';

/** The units of a run of `command` with the given options (as stored in its part files). */
export function planRun(command: string, config: unknown): WorkUnit<unknown>[] {
  if (command === 'verify') return planVerify(config as VerifyRunConfig);
  if (command === 'transfer sweep') return planSweep(config as SweepRunConfig);
  if (command === 'multitask sweep') return planMultitaskSweep(config as MultitaskSweepRun);
  throw new RangeError(`no shardable command "${command}"; known: verify, transfer sweep, multitask sweep`);
}

/** A run's unit ids in order and each shard's unit ids: how `dlgen merge` checks and orders parts. */
export function runLayout(command: string, config: unknown): RunLayout {
  const units = planRun(command, config);
  return {
    unitIds: units.map((u) => u.id),
    shardUnits: (index, count) => unitsOfShard(units, index, count).map((u) => u.id),
  };
}
