import { resolveConfig, type SimulationConfig } from '../config/simulationConfig.js';
import type { SimulationResult } from '../network/simulate.js';
import { simulateParallel } from '../parallel/simulateParallel.js';
import { createRng } from '../random/rng.js';
import type { FigureRow, FigureSize, UnitOptions } from './types.js';

/** The seed of one unit: a function of (root seed, unit id) only, so any subset of units can run anywhere. */
export function unitSeed(rootSeed: number, unitId: string): number {
  const rng = createRng(rootSeed).fork(`figure:${unitId.replaceAll('/', ':')}`);
  return Math.floor(rng.uniform() * 2 ** 31);
}

/** Runs per simulated point: the override, else 10 at paper size and `quick` (≤ 3) at quick size (§10). */
export function runsFor(size: FigureSize, override: number | undefined, quick = 3, paper = 10): number {
  return override ?? (size === 'paper' ? paper : quick);
}

/** Mean of a sample with its 95 % interval ±1.96 SE over runs (§10); no interval for a single value. */
export function band(xs: readonly number[]): { mean: number; lo: number | null; hi: number | null } {
  const n = xs.length;
  let mean = 0;
  for (const x of xs) mean += x / n;
  if (n < 2) return { mean, lo: null, hi: null };
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  const half = (1.96 * Math.sqrt(ss / (n - 1))) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half };
}

/** A theory row (no band). */
export function theoryRow(panel: string, series: string, x: number, y: number): FigureRow {
  return { panel, series, kind: 'theory', x, y, lo: null, hi: null };
}

/** A simulation row: the mean over runs with its ±1.96 SE bar. */
export function simulationRow(panel: string, series: string, x: number, values: readonly number[]): FigureRow {
  const b = band(values);
  return { panel, series, kind: 'simulation', x, y: b.mean, lo: b.lo, hi: b.hi };
}

/** A drawn-data row (histogram bar, single draw). */
export function dataRow(panel: string, series: string, x: number, y: number): FigureRow {
  return { panel, series, kind: 'data', x, y, lo: null, hi: null };
}

/** The teacher spectrum of the code for rank k and multiplier m: (k·m, …, m) (1.2). */
export function codeSpectrum(rank: number, m: number): number[] {
  return Array.from({ length: rank }, (_, i) => (rank - i) * m);
}

/** Validated simulation config (the product's own validation: a bad preset fails loudly). */
export function config(raw: Partial<Record<keyof SimulationConfig, unknown>>): SimulationConfig {
  return resolveConfig(raw);
}

/** Simulates a config through the product's engine on every core (byte-identical for any worker count). */
export function runSimulation(
  c: SimulationConfig,
  options: UnitOptions,
  onRunsDone?: (epochs: number) => void,
): Promise<SimulationResult> {
  return simulateParallel(c, {
    workers: options.workers,
    onProgress: onRunsDone ? (done) => onRunsDone(done) : undefined,
  });
}

/** Natural log, or undefined for a value a log cannot show (counted by the caller into a note). */
export function safeLn(x: number): number | undefined {
  return x > 0 && Number.isFinite(x) ? Math.log(x) : undefined;
}

/** Minimum of a curve and its index (the earliest on ties), §6. */
export function argMin(xs: readonly number[]): { value: number; index: number } {
  let index = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] < xs[index]) index = i;
  return { value: xs[index], index };
}
