import { ConfigError } from '../config/errors.js';
import { recordCount } from '../config/simulationConfig.js';

/**
 * Most numbers one --json document may hold: a float64 prints as up to ~24 characters, and V8's
 * longest string is 2^29 − 24 characters, so 2e7 numbers (≤ ~500 MB of text) always fit.
 */
export const MAX_JSON_NUMBERS = 20_000_000;

/** Numbers per recorded epoch in each command's document, for a config with `runs` runs and `rank` teacher modes. */
export const NUMBERS_PER_POINT = {
  simulate: (runs: number, rank: number) => runs * (2 + rank) + 2,
  theory: (_runs: number, rank: number) => 2 + rank,
  compare: (runs: number) => 2 + 4 * runs,
  transfer: () => 6,
} as const;

/**
 * Refuses, before any work, a run whose --json document could not be built (it would fail at the
 * end with "Invalid string length" after all the training): a `ConfigError` on `reportEvery`.
 */
export function checkJsonSize(
  command: keyof typeof NUMBERS_PER_POINT,
  c: { epochs: number; reportEvery: number; runs: number },
  rank: number,
): void {
  const points = recordCount(c.epochs, c.reportEvery);
  const numbers = points * NUMBERS_PER_POINT[command](c.runs, rank);
  if (numbers <= MAX_JSON_NUMBERS) return;
  const every = Math.ceil((c.epochs * NUMBERS_PER_POINT[command](c.runs, rank)) / MAX_JSON_NUMBERS);
  throw new ConfigError([
    {
      field: 'reportEvery',
      value: c.reportEvery,
      allowed: `a recording interval whose --json output fits in one document: ${numbers.toExponential(2)} numbers requested, at most ${MAX_JSON_NUMBERS.toExponential(0)} (use reportEvery ≥ ${every}, or fewer runs)`,
    },
  ]);
}
