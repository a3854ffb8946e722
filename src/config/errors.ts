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

function show(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (v === undefined) return 'nothing';
  try {
    const s = JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(v);
  }
}
