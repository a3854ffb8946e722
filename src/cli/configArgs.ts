import { readConfigFile } from '../config/loadConfig.js';
import { isPlainObject } from '../config/fields.js';
import { ConfigError } from '../config/errors.js';

/** Parses a numeric CLI value; anything non-numeric becomes NaN so validation names the field. */
export function parseNumber(value: string): number {
  return value.trim() === '' ? Number.NaN : Number(value);
}

/**
 * The raw config of a command: the JSON file given by --config (or {} for all defaults),
 * with the command-line overrides (e.g. --runs, --seed) applied on top. Validation is left
 * to the caller's resolver, so an override is reported under its config field name.
 */
export function rawConfigFrom(path: string | undefined, overrides: Record<string, unknown>): Record<string, unknown> {
  const raw = path === undefined ? {} : readConfigFile(path);
  if (!isPlainObject(raw)) {
    throw new ConfigError([{ field: '(config)', value: raw, allowed: `a JSON object in ${path}` }]);
  }
  const out: Record<string, unknown> = { ...raw };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) out[k] = v;
  return out;
}
