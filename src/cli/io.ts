import { OutputError, ClosedPipeError } from './errors.js';

/** Where the CLI writes; injectable so tests run commands in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is an interactive terminal (progress bars only then). */
  readonly stderrIsTTY: boolean;
  /** Milliseconds clock, for the progress bar. */
  readonly now: () => number;
  /** The whole of standard input (for `--config -`); defaults to the process's stdin. */
  readonly readStdin?: () => string;
}

/**
 * The process's real streams. A failed stdout write throws: a closed pipe as `ClosedPipeError`,
 * anything else (a full disk, a closed stream) as `OutputError`. Failed stderr writes are dropped.
 */
export function processIo(): CliIo {
  return {
    stdout: (t) => writeStdout(t),
    stderr: (t) => {
      try {
        process.stderr.write(t);
      } catch {
        // Nowhere left to report it.
      }
    },
    stderrIsTTY: Boolean(process.stderr.isTTY),
    now: () => performance.now(),
  };
}

function writeStdout(text: string): void {
  try {
    process.stdout.write(text);
  } catch (e) {
    throw outputFailure(e);
  }
}

/** The CLI error for a failed stdout write. */
export function outputFailure(e: unknown): Error {
  return (e as NodeJS.ErrnoException)?.code === 'EPIPE' ? new ClosedPipeError() : new OutputError('stdout', e);
}

export { EXIT } from './exitCodes.js';
