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
const TICK_MS = 1000;
const ESTIMATE_AFTER_S = 5;
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
  timer: Ticker | undefined = io.stderrIsTTY ? realTicker : undefined,
): Progress {
  const start = io.now();
  let lastDraw = -Infinity;
  let drawn = false;
  let estimated = false;
  let state = { done: 0, total: 1, label: '' };
  let stopTicker: (() => void) | undefined;
  const clear = () => {
    if (drawn) io.stderr(CLEAR);
    drawn = false;
    active.delete(clear);
    signals?.removeListener('SIGINT', onInterrupt);
    stopTicker?.();
    stopTicker = undefined;
  };
  function tick(): void {
    const now = io.now();
    if (now - start >= DELAY_MS && now - lastDraw >= TICK_MS) {
      lastDraw = now;
      draw(now);
    }
  }
  const onInterrupt = () => {
    clear();
    if (signals === process) process.kill(process.pid, 'SIGINT');
  };
  const draw = (now: number) => {
    const { done, total, label } = state;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(frac * WIDTH);
    const elapsed = (now - start) / 1000;
    const bar = `${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}`;
    // Before the first unit of work the runs are still drawing their tasks (Haar bases, SVDs): say so.
    const tail = done > 0 ? `eta ${((elapsed * (1 - frac)) / frac).toFixed(0)}s` : `setting up, ${elapsed.toFixed(0)}s`;
    io.stderr(`\r[${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${label} ${tail}   `);
    if (!drawn) {
      active.add(clear);
      signals?.once('SIGINT', onInterrupt);
    }
    drawn = true;
  };
  // A run longer than a minute says so once, from the pace of the work since its first unit (set-up
  // time is not work: counting it would inflate the estimate), measured over at least 5 s.
  let first: { at: number; done: number } | undefined;
  const estimate = (now: number) => {
    const { done, total } = state;
    if (estimated || done <= 0 || total <= 0) return;
    if (first === undefined) {
      first = { at: now, done };
      return;
    }
    const span = (now - first.at) / 1000;
    if (span < ESTIMATE_AFTER_S || done <= first.done) return;
    const rate = (done - first.done) / span;
    const elapsed = (now - start) / 1000;
    const remaining = (total - done) / rate;
    estimated = true;
    if (elapsed + remaining > 60) {
      if (drawn) io.stderr(CLEAR);
      io.stderr(
        `dlgen: this run will take about ${formatDuration(elapsed + remaining)} in all (from its pace so far); Ctrl-C stops it\n`,
      );
      if (drawn) draw(now);
    }
  };
  if (timer) stopTicker = timer(() => tick());
  return {
    update(done, total, label = '') {
      state = { done, total, label };
      const now = io.now();
      estimate(now);
      if (!io.stderrIsTTY) return;
      if (now - start < DELAY_MS || now - lastDraw < REDRAW_MS) return;
      lastDraw = now;
      draw(now);
    },
    finish: clear,
  };
}

/** Calls `f` about once a second until the returned function is called (never keeps the process alive). */
export type Ticker = (f: () => void) => () => void;

const realTicker: Ticker = (f) => {
  const id = setInterval(f, TICK_MS);
  id.unref();
  return () => clearInterval(id);
};

/** "45 s", "3 min", "2.5 h". */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
