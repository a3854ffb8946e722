import { DivergenceError, stableLearningRate } from '../network/divergence.js';
import type { Task } from '../task/task.js';
import type { PairRunRecord } from './pairRecord.js';
import { pairOfRun } from './simulateTransfer.js';
import type { TransferConfig } from './transferConfig.js';

/**
 * The epoch at which the top mode of `task` blows up under the scalar recursion (3.9) the decoupled
 * engine runs (∏a non-finite or beyond 1e8·ŝ/c), or undefined if it stays bounded for `epochs`.
 */
export function modeBlowUpEpoch(
  task: Task,
  c: Pick<TransferConfig, 'hiddenDims' | 'initScale' | 'learningRate' | 'update' | 'epochs'>,
): number | undefined {
  const depth = c.hiddenDims.length + 1;
  const scale = task.sigma11Scale;
  const sHat = task.svd31.s[0];
  const a = new Float64Array(depth).fill(Math.pow(c.initScale, 1 / depth));
  const old = new Float64Array(depth);
  for (let epoch = 0; epoch <= c.epochs; epoch++) {
    let p = 1;
    for (let l = 0; l < depth; l++) p *= a[l];
    if (!(Math.abs(p) <= 1e8 * (sHat / scale + 1))) return epoch;
    const e = sHat - scale * p;
    old.set(a);
    for (let l = 0; l < depth; l++) {
      let o = 1;
      for (let m = 0; m < depth; m++) if (m !== l) o *= m < l && c.update === 'sequential' ? a[m] : old[m];
      a[l] += c.learningRate * o * e;
    }
  }
  return undefined;
}

/**
 * The `DivergenceError` the matrix engine would raise (exit 3, with the stable learning rate of the
 * pair's three tasks) if run `run` of the decoupled engine blows up, else undefined.
 */
export function decoupledDivergence(config: TransferConfig, run: number): DivergenceError | undefined {
  const pair = pairOfRun(config, run);
  const tasks = [pair.joint, pair.a, pair.b];
  const epochs = tasks.map((t) => modeBlowUpEpoch(t, config)).filter((e): e is number => e !== undefined);
  if (epochs.length === 0) return undefined;
  const depth = config.hiddenDims.length + 1;
  const advice = Math.min(
    ...tasks.map((t) => stableLearningRate(t, depth, { update: config.update, initScale: config.initScale })),
  );
  return new DivergenceError(
    Math.min(...epochs),
    config.learningRate,
    advice,
    'a mode strength of the decoupled recursion (3.9) blew up',
  );
}

/**
 * Runs decoupled-engine work covering `runs` and turns a blow-up into the matrix engine's
 * `DivergenceError` instead of NaN curves or an error about NaN minima.
 */
export function withDecoupledDivergence<T>(
  config: TransferConfig,
  runs: readonly number[],
  compute: () => T,
  records: (value: T) => readonly PairRunRecord[],
): T {
  let value: T;
  try {
    value = compute();
    if (records(value).every(finiteRecord)) return value;
  } catch (e) {
    for (const r of runs) {
      const d = decoupledDivergence(config, r);
      if (d) throw d;
    }
    throw e;
  }
  for (const r of runs) {
    const d = decoupledDivergence(config, r);
    if (d) throw d;
  }
  return value;
}

function finiteRecord(r: PairRunRecord): boolean {
  const curves = [
    r.jointTestError,
    r.jointTrainError,
    r.jointTestErrorA,
    r.jointTestErrorB,
    r.aloneTestErrorA,
    r.aloneTrainErrorA,
    r.aloneTestErrorB,
    r.aloneTrainErrorB,
  ];
  return (
    Number.isFinite(r.transfer) && Number.isFinite(r.transferBA) && curves.every((xs) => xs.every(Number.isFinite))
  );
}
