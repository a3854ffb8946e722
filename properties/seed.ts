/** The fixed seed CI uses (printed in every describe title); README documents how to pick another. */
export const CI_SEED = 20190104;

/**
 * The property seed: DLGEN_SEED if set; CI_SEED when CI is set (`.ci/run` sets it);
 * otherwise a fresh seed each run, so local runs keep exploring new instances.
 */
export function propertySeed(): number {
  const env = process.env.DLGEN_SEED;
  if (env !== undefined && env !== '') {
    const s = Number(env);
    if (!Number.isSafeInteger(s)) throw new RangeError(`DLGEN_SEED must be an integer, got "${env}"`);
    return s;
  }
  if (process.env.CI) return CI_SEED;
  return Math.floor(Math.random() * 2 ** 31);
}

/** A shrink path to replay (DLGEN_PATH), if any. */
export function propertyPath(): string | undefined {
  const p = process.env.DLGEN_PATH;
  return p === undefined || p === '' ? undefined : p;
}

/** `thorough` when DLGEN_THOROUGH=1 (larger sizes, more instances). */
export function propertyScale(): 'ci' | 'thorough' {
  return process.env.DLGEN_THOROUGH === '1' ? 'thorough' : 'ci';
}
