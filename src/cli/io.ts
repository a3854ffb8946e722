/** Where the CLI writes; injectable so tests run commands in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is an interactive terminal (progress bars only then). */
  readonly stderrIsTTY: boolean;
  /** Milliseconds clock, for the progress bar. */
  readonly now: () => number;
}

/** The process's real streams. */
export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    now: () => performance.now(),
  };
}

/** Exit codes shared by every command. */
export const EXIT = Object.freeze({
  ok: 0,
  /** a claim failed (`dlgen verify`) */
  failed: 1,
  /** bad input: config, arguments, files */
  usage: 2,
  /** numerical trouble: divergence, overflow */
  numerical: 3,
  /** a bug: an unexpected exception */
  internal: 70,
});
