import { NumericalError } from '../config/errors.js';

/** Where a document holds a number that is not finite: its path (e.g. `runs[0].testError[12]`) and value. */
export interface NonFinite {
  readonly path: string;
  readonly value: number;
}

/** The first non-finite number in a JSON-like document, in document order (iterative: any depth). */
export function firstNonFinite(doc: unknown): NonFinite | undefined {
  const stack: [unknown, string][] = [[doc, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path, value: v };
    } else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const xs = v as unknown as ArrayLike<number>;
      for (let i = 0; i < xs.length; i++) if (!Number.isFinite(xs[i])) return { path: `${path}[${i}]`, value: xs[i] };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--)
        stack.push([entries[i][1], path === '' ? entries[i][0] : `${path}.${entries[i][0]}`]);
    }
  }
  return undefined;
}

/**
 * Refuses a result holding a non-finite number: a `NumericalError` naming the command, the first
 * place it occurs and, when given, the likely cause. Every command's result passes through here
 * before anything is printed, so a non-finite result never exits 0.
 */
export function assertFinite(doc: unknown, what: string, cause?: (at: NonFinite) => string | undefined): void {
  const at = firstNonFinite(doc);
  if (at === undefined) return;
  const why = cause?.(at);
  throw new NumericalError(
    `${what}: the result is not a finite number (${String(at.value)} at ${at.path || 'the top level'})${why ? `: ${why}` : ''}`,
  );
}

/**
 * The one JSON writer of the CLI: one line of JSON. With `nonFinite: 'refuse'` (every result document)
 * a non-finite number is a `NumericalError`, so JSON never holds `null` for a number. With
 * `nonFinite: 'string'` (verify's claim reports, where a non-finite measured value is itself the
 * finding) it is written as the string "NaN", "Infinity" or "-Infinity".
 */
export function jsonLine(doc: unknown, what: string, nonFinite: 'refuse' | 'string' = 'refuse'): string {
  if (nonFinite === 'refuse') {
    assertFinite(doc, what);
    return `${JSON.stringify(doc)}\n`;
  }
  return `${JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}\n`;
}
