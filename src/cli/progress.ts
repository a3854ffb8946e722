import type { CliIo } from './io.js';

/** A progress reporter: `update(done, total)` as work advances, `finish()` at the end. */
export interface Progress {
  update(done: number, total: number, label?: string): void;
  finish(): void;
}

/** Where a progress bar listens for Ctrl-C (the process, or a stand-in in tests). */
export interface InterruptSource {
  once(event: 'SIGINT', listener: () => void): unknown;
  removeListener(event: 'SIGINT', listener: () => void): unknown;
}

const DELAY_MS = 1000;
const REDRAW_MS = 100;
const WIDTH = 30;
const CLEAR = `\r${' '.repeat(WIDTH + 40)}\r`;

/** Progress bars drawn and not yet finished: cleared before an error message is printed. */
const active = new Set<() => void>();

/** Clears every progress line still on screen (runCli calls it before printing an error). */
export function clearProgressLines(): void {
  for (const clear of [...active]) clear();
}

/**
 * A progress bar on stderr that appears only when stderr is a TTY and the work has taken
 * longer than a second; it never writes to stdout, so `--json` output stays clean. Ctrl-C
 * clears the line before the process ends (the signal is then re-raised, so the exit status
 * stays the shell's 130).
 */
export function createProgress(
  io: CliIo,
  signals: InterruptSource | undefined = io.stderrIsTTY ? process : undefined,
): Progress {
  const start = io.now();
  let lastDraw = -Infinity;
  let drawn = false;
  const clear = () => {
    if (drawn) io.stderr(CLEAR);
    drawn = false;
    active.delete(clear);
    signals?.removeListener('SIGINT', onInterrupt);
  };
  const onInterrupt = () => {
    clear();
    if (signals === process) process.kill(process.pid, 'SIGINT');
  };
  return {
    update(done, total, label = '') {
      if (!io.stderrIsTTY) return;
      const now = io.now();
      if (now - start < DELAY_MS || now - lastDraw < REDRAW_MS) return;
      lastDraw = now;
      const frac = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(frac * WIDTH);
      const elapsed = (now - start) / 1000;
      const eta = frac > 0 ? (elapsed * (1 - frac)) / frac : 0;
      const bar = `${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}`;
      io.stderr(`\r[${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${label} eta ${eta.toFixed(0)}s   `);
      if (!drawn) {
        active.add(clear);
        signals?.once('SIGINT', onInterrupt);
      }
      drawn = true;
    },
    finish: clear,
  };
}
