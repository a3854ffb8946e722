import type { CliIo } from './io.js';

/** A progress reporter: `update(done, total)` as work advances, `finish()` at the end. */
export interface Progress {
  update(done: number, total: number, label?: string): void;
  finish(): void;
}

const DELAY_MS = 1000;
const REDRAW_MS = 100;
const WIDTH = 30;

/**
 * A progress bar on stderr that appears only when stderr is a TTY and the work has taken
 * longer than a second; it never writes to stdout, so `--json` output stays clean.
 */
export function createProgress(io: CliIo): Progress {
  const start = io.now();
  let lastDraw = -Infinity;
  let drawn = false;
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
      drawn = true;
    },
    finish() {
      if (drawn) io.stderr(`\r${' '.repeat(WIDTH + 40)}\r`);
    },
  };
}
