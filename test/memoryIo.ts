import type { CliIo } from '../src/cli/io.js';

/** A CliIo that collects output in memory, for in-process CLI tests. */
export function memoryIo(
  options: { tty?: boolean; clock?: () => number } = {},
): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    stderrIsTTY: options.tty ?? false,
    now: options.clock ?? (() => 0),
    out: () => out,
    err: () => err,
  };
}
