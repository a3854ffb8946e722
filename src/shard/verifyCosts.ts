import type { AnyClaim } from '../claims/claim.js';

/**
 * Seconds of one claim's whole property run at its CI instance count, measured with
 * `dlgen verify --json` at commit b5d7ccb on the project's 2-core machine. Only their ratios
 * matter: they balance shards (a wrong value makes a shard slower, never a result different).
 * `--thorough` uses the same seconds per instance (its larger sizes make every claim slower, so
 * the ratios stay rough). A claim missing here is given the median claim's time.
 */
const CI_SECONDS: Readonly<Record<string, number>> = {
  C1: 0.88,
  C2: 1.44,
  C3: 0.41,
  C4: 0.07,
  C5: 1.35,
  C6: 0.61,
  C7a: 0.36,
  C7b: 2.49,
  C8a: 0.26,
  C8b: 1.86,
  C9: 0.39,
  C10a: 0.98,
  C10b: 5.27,
  C11: 3.05,
  C12a: 1.51,
  C12b: 0.08,
  C12c: 0.54,
  C13: 1.72,
  C14a: 0.5,
  C14b: 0.38,
  C14c: 6.28,
  C15a: 1.69,
  C15b: 0.02,
  C15c: 0.38,
  C16a: 0.24,
  C16b: 0.37,
  C16c: 0.19,
  C16d: 1.11,
  C16e: 2.21,
  C16f: 12.84,
  C16g: 3.9,
  C17a: 2.63,
  C17b: 3.52,
  C18a: 0.21,
  C18b: 0.21,
  C18c: 0.23,
  C19a: 5.15,
  C19b: 0.81,
  // Measured later (one worker, a loaded machine) and put on the scale above by the ratio of
  // C4, C12a, C14c, C16f and C19a's times in the same run to theirs above (3.43×).
  R1: 2.37,
  R7: 2.67,
  FT1: 0.24,
  FT2: 0.48,
  FT3: 3.59,
  FT4: 6.71,
  FT5: 0.78,
  FT6: 2.37,
  FT7: 1.16,
  FT8: 0.31,
  FT9: 0.66,
  FT10: 0.29,
  FT11: 3.65,
  MT1: 0.73,
  MT2: 10.04,
  MT3: 17.05,
  MT4: 0.03,
};

/** The median claim's seconds (the lower middle value). */
const MEDIAN_SECONDS = Object.values(CI_SECONDS).sort((a, b) => a - b)[(Object.keys(CI_SECONDS).length - 1) >> 1];

/** Estimated seconds per instance of `claim` (balances shards; never changes results). */
export function verifyInstanceCost(claim: AnyClaim): number {
  const whole = CI_SECONDS[claim.id] ?? MEDIAN_SECONDS;
  return whole / claim.instances.ci;
}
