import { ConfigError } from '../config/errors.js';
import { defaultWorkers, mapInWorkers, siblingModule } from '../parallel/pool.js';
import { withDecoupledDivergence } from './decoupledDivergence.js';
import { meanSe, runProgressUnits, simulateTransfer, type TransferEngine } from './simulateTransfer.js';
import { minOf } from './pairRecord.js';
import { resolveTransferConfig, type TransferConfig } from './transferConfig.js';
import { theoryTransfer } from './transferTheory.js';
import { outcomeValue, type JobOutcome } from './jobOutcome.js';
import type { TransferCellJob } from './transferJobs.js';

/** One cell of a sweep: T^{A←B} in theory and simulation at one alignment and one SNR of B (8.2), §10 F7. */
export interface SweepRow {
  /** q (every mode pair). */
  readonly alignment: number;
  /** The SNR m of task B: the smallest nonzero value of s̄_B. */
  readonly snr: number;
  readonly singularValuesB: readonly number[];
  readonly transferTheory: number;
  readonly transferMean: number;
  /** SE over runs; null for a single run. */
  readonly transferSe: number | null;
  /** min_t (5.5) of A alone and min_t (8.3) of the joint student on A. */
  readonly aloneMinTheory: number;
  readonly jointMinTheory: number;
  /** Means over runs of the per-run minima over recorded epochs. */
  readonly aloneMinMean: number;
  readonly jointMinMean: number;
  readonly runs: number;
}

/** s̄_B rescaled so that its smallest nonzero value is m (the "SNR" of the figures, §0.3 item 6, §12 A3). */
export function singularValuesWithSnr(values: readonly number[], snr: number): number[] {
  if (!(Number.isFinite(snr) && snr > 0)) throw new RangeError(`--snrs: got ${snr}; allowed: numbers in (0, 1e6]`);
  const smallest = Math.min(...values.filter((v) => v > 0));
  return values.map((v) => (v / smallest) * snr);
}

/** The validated config of one cell: alignment q for every pair, s̄_B with SNR m, §10 F7. */
export function sweepCellConfig(base: TransferConfig, alignment: number, snr: number): TransferConfig {
  try {
    return resolveTransferConfig({
      ...base,
      alignment,
      singularValuesB: singularValuesWithSnr(base.singularValuesB, snr),
    });
  } catch (e) {
    if (e instanceof ConfigError) {
      const what = e.issues.map((i) => `${i.field} (${i.allowed})`).join('; ');
      throw new RangeError(`sweep cell q = ${alignment}, snr = ${snr} is not a valid config: ${what}`, { cause: e });
    }
    throw e;
  }
}

/** Options of one cell and of the sweep. */
export interface SweepOptions {
  readonly engine?: TransferEngine;
  readonly onProgress?: (units: number) => void;
}

/** Every run of one cell (in this thread) and its theory T over [0, epochs] (8.2). */
export function transferSweepCell(config: TransferConfig, snr: number, options: SweepOptions = {}): SweepRow {
  const simulateAll = () => simulateTransfer(config, { engine: options.engine, onProgress: options.onProgress });
  const runs = Array.from({ length: config.runs }, (_, r) => r);
  const sim =
    options.engine === 'decoupled' ? withDecoupledDivergence(config, runs, simulateAll, (s) => s.runs) : simulateAll();
  const th = theoryTransfer(config, config.epochs);
  return {
    alignment: typeof config.alignment === 'number' ? config.alignment : config.alignment[0],
    snr,
    singularValuesB: config.singularValuesB,
    transferTheory: th.transfer,
    transferMean: sim.transfer.mean,
    transferSe: sim.transfer.se,
    aloneMinTheory: th.alone.minError,
    jointMinTheory: th.joint.minError,
    aloneMinMean: meanSe(sim.runs.map((r) => minOf(r.aloneTestErrorA))).mean,
    jointMinMean: meanSe(sim.runs.map((r) => minOf(r.jointTestErrorA))).mean,
    runs: config.runs,
  };
}

/** Options of `transferSweep`. */
export interface TransferSweepOptions {
  /** Threads (default: every core); the rows do not depend on it. */
  readonly workers?: number;
  readonly engine?: TransferEngine;
  /** (done, total) in progress units (student epochs with `gd`, runs with `decoupled`). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * T^{A←B} on the grid alignments × SNRs of B, one cell per worker job (every core by default), in
 * grid order (alignment-major). Each cell uses the base seed, so every cell sees the same pairs
 * and noise draws (common random numbers along q), §10 F7.
 */
export async function transferSweep(
  base: TransferConfig,
  alignments: readonly number[],
  snrs: readonly number[],
  options: TransferSweepOptions = {},
): Promise<SweepRow[]> {
  if (alignments.length === 0) throw new RangeError('--alignments: got none; allowed: one or more numbers in [0, 1]');
  if (snrs.length === 0) throw new RangeError('--snrs: got none; allowed: one or more numbers in (0, 1e6]');
  for (const q of alignments)
    if (!(q >= 0 && q <= 1)) throw new RangeError(`--alignments: got ${q}; allowed: numbers in [0, 1]`);
  for (const m of snrs)
    if (!(Number.isFinite(m) && m > 0 && m <= 1e6))
      throw new RangeError(`--snrs: got ${m}; allowed: numbers in (0, 1e6]`);
  const engine = options.engine ?? 'gd';
  const jobs: TransferCellJob[] = [];
  for (const q of alignments) for (const m of snrs) jobs.push({ config: sweepCellConfig(base, q, m), snr: m, engine });
  const total = jobs.length * base.runs * runProgressUnits(base, engine);
  const outcomes = await mapInWorkers<TransferCellJob, JobOutcome<SweepRow>>(
    { module: siblingModule('transferJobs', import.meta.url), name: 'transferCellJob' },
    jobs,
    {
      workers: options.workers ?? defaultWorkers(),
      onProgress: options.onProgress ? (d) => options.onProgress!(Math.min(d, total), total) : undefined,
    },
  );
  return outcomes.map(outcomeValue);
}

/** The CSV columns of a sweep, in order. */
export const SWEEP_CSV_COLUMNS = [
  'alignment',
  'snr',
  'singularValuesB',
  'transferTheory',
  'transferMean',
  'transferSe',
  'aloneMinTheory',
  'jointMinTheory',
  'aloneMinMean',
  'jointMinMean',
  'runs',
] as const;

/** A sweep as CSV: a header row, then one row per cell; lists joined by ';', a missing SE left empty (§10 F7). */
export function sweepCsv(rows: readonly SweepRow[]): string {
  const cell = (v: unknown) => (v === null ? '' : Array.isArray(v) ? v.join(';') : String(v));
  const lines = [SWEEP_CSV_COLUMNS.join(',')];
  for (const r of rows) lines.push(SWEEP_CSV_COLUMNS.map((k) => cell(r[k])).join(','));
  return `${lines.join('\n')}\n`;
}
