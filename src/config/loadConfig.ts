import { readFileSync } from 'node:fs';
import { ConfigError } from './errors.js';

/** Deepest nesting a config may have (real configs nest two levels). */
export const MAX_CONFIG_DEPTH = 64;

/**
 * Reads a JSON config file (`-` reads standard input). A leading byte-order mark is dropped;
 * unreadable files, bad JSON, duplicate keys and absurd nesting become a `ConfigError` naming the file.
 */
export function readConfigFile(path: string, readStdin?: () => string): unknown {
  let text: string;
  const name = path === '-' ? '(stdin)' : path;
  try {
    text = path === '-' ? (readStdin ?? (() => readFileSync(0, 'utf8')))() : readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError([
      { field: '(file)', value: name, allowed: `a readable JSON file (${(e as Error).message})` },
    ]);
  }
  return parseConfigText(text, name);
}

/** Parses config text: strips a BOM, refuses duplicate keys and nesting deeper than MAX_CONFIG_DEPTH, naming `source`. */
export function parseConfigText(text: string, source: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const structure = scanStructure(body);
  if (structure.depth > MAX_CONFIG_DEPTH) {
    throw new ConfigError([
      {
        field: '(file)',
        value: source,
        allowed: `JSON nested at most ${MAX_CONFIG_DEPTH} levels deep (it nests deeper)`,
      },
    ]);
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    throw new ConfigError([{ field: '(file)', value: source, allowed: `valid JSON (${(e as Error).message})` }]);
  }
  if (structure.duplicate !== undefined) {
    const { key, at } = structure.duplicate;
    throw new ConfigError([
      {
        field: at === '' ? key : `${at}.${key}`,
        value: source,
        allowed: `each key once per object (key "${key}" appears twice)`,
      },
    ]);
  }
  return value;
}

interface Structure {
  /** Deepest nesting of objects and arrays. */
  readonly depth: number;
  /** The first key that repeats within one object, and the path of that object. */
  readonly duplicate?: { key: string; at: string };
}

/**
 * One iterative pass over JSON text: nesting depth and the first duplicate key. Invalid text is
 * scanned as far as it goes (JSON.parse reports the syntax error afterwards).
 */
function scanStructure(text: string): Structure {
  const frames: { keys: Set<string> | null; name: string; expectKey: boolean }[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = frames.at(-1);
      if (top?.keys && top.expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          return { depth };
        }
        if (top.keys.has(key))
          return {
            depth,
            duplicate: {
              key,
              at: frames
                .slice(0, -1)
                .map((f) => f.name)
                .filter((n) => n !== '')
                .join('.'),
            },
          };
        top.keys.add(key);
        top.name = key;
        top.expectKey = false;
      }
      i = j;
    } else if (ch === '{' || ch === '[') {
      frames.push({ keys: ch === '{' ? new Set() : null, name: '', expectKey: ch === '{' });
      depth = Math.max(depth, frames.length);
      if (depth > MAX_CONFIG_DEPTH) return { depth: Infinity };
    } else if (ch === '}' || ch === ']') {
      frames.pop();
    } else if (ch === ',') {
      const top = frames.at(-1);
      if (top?.keys) top.expectKey = true;
    }
  }
  return { depth };
}
