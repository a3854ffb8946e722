import { readFileSync } from 'node:fs';
import { ConfigError } from './errors.js';

/** Reads a JSON config file; unreadable files and bad JSON become a `ConfigError` naming the file. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError([{ field: '(file)', value: path, allowed: `a readable JSON file (${(e as Error).message})` }]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError([{ field: '(file)', value: path, allowed: `valid JSON (${(e as Error).message})` }]);
  }
}
