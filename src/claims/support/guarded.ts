/** f with any exception turned into NaN, so that a broken implementation fails a check instead of aborting it. */
export function safely<A extends unknown[]>(f: (...args: A) => number): (...args: A) => number {
  return (...args: A) => {
    try {
      return f(...args);
    } catch {
      return NaN;
    }
  };
}

/** Every function-valued field of an implementation record wrapped by `safely`. */
export function guarded<T extends object>(impl: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(impl))
    out[k] = typeof v === 'function' ? safely(v as (...a: unknown[]) => number) : v;
  return out as T;
}
