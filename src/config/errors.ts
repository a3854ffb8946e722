/** One problem with one field of a config: its name, the offending value and what is allowed. */
export interface ConfigIssue {
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
}

/** A config that failed validation; `issues` lists every problem found, not only the first. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** One line per issue: `field: got <value>; allowed: <range>`. */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `${i.field}: got ${show(i.value)}; allowed: ${i.allowed}`).join('\n');
}

/**
 * A result that is not a finite number (overflow, underflow to 0 where a norm divides, divergence):
 * numerical trouble the user can act on, reported with exit code 3 and a message naming the cause.
 */
export class NumericalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NumericalError';
  }
}

/** A short, readable rendering of any config value (nested values are elided, never `[object Object]`). */
export function show(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (v === undefined) return 'nothing';
  const s = preview(v, 3);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** JSON-like text of `v` down to `depth` levels (deeper levels print as `{…}` / `[…]`), bounded in length. */
function preview(v: unknown, depth: number): string {
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? JSON.stringify(v) : String(v);
  if (Array.isArray(v)) {
    if (depth === 0) return v.length === 0 ? '[]' : '[…]';
    return `[${v
      .slice(0, 20)
      .map((x) => preview(x, depth - 1))
      .join(',')}${v.length > 20 ? ',…' : ''}]`;
  }
  const keys = Object.keys(v);
  if (depth === 0) return keys.length === 0 ? '{}' : '{…}';
  const body = keys
    .slice(0, 20)
    .map((k) => `${JSON.stringify(k)}:${preview((v as Record<string, unknown>)[k], depth - 1)}`);
  return `{${body.join(',')}${keys.length > 20 ? ',…' : ''}}`;
}
