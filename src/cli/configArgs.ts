import { readConfigFile } from '../config/loadConfig.js';
import { isPlainObject } from '../config/fields.js';
import { ConfigError } from '../config/errors.js';
import type { CliIo } from './io.js';

/**
 * The raw config of a command: the JSON file given by --config (`-` for stdin, nothing for all
 * defaults), with the command-line overrides (e.g. --runs, --seed) applied on top. Validation is
 * left to the caller's resolver, so an override is reported under its config field name.
 */
export function rawConfigFrom(
  path: string | undefined,
  overrides: Record<string, unknown>,
  io?: Pick<CliIo, 'readStdin'>,
): Record<string, unknown> {
  const raw = path === undefined ? {} : readConfigFile(path, io?.readStdin);
  if (!isPlainObject(raw)) {
    throw new ConfigError([
      { field: '(config)', value: raw, allowed: `a JSON object in ${path === '-' ? '(stdin)' : path}` },
    ]);
  }
  const out: Record<string, unknown> = { ...raw };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) out[k] = v;
  return out;
}
