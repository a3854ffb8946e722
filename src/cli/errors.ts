import { CommanderError } from 'commander';
import { ConfigError, NumericalError } from '../config/errors.js';
import { EXIT } from './exitCodes.js';

/** Bad command-line arguments (a flag's value, a missing or contradictory flag): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Output that could not be written (full disk, closed stream, unwritable file): exit code 74. */
export class OutputError extends Error {
  /** Where the output was going: `stdout`, or a file path. */
  readonly destination: string;
  constructor(destination: string, cause: unknown) {
    super(`cannot write ${destination}: ${causeText(cause)}`);
    this.name = 'OutputError';
    this.destination = destination;
  }
}

/** The stream's reader went away (a closed pipe, as in `dlgen … | head -1`): ends quietly with exit code 141. */
export class ClosedPipeError extends Error {
  constructor() {
    super('the reader of stdout closed the pipe');
    this.name = 'ClosedPipeError';
  }
}

/** `code: message` of a Node system error, or the message of any error. */
export function causeText(e: unknown): string {
  if (e instanceof Error)
    return (e as NodeJS.ErrnoException).code && !e.message.startsWith(String((e as NodeJS.ErrnoException).code))
      ? `${(e as NodeJS.ErrnoException).code}: ${e.message}`
      : e.message;
  return String(e);
}

/** How the CLI reports one error: its exit code and the lines for stderr (empty when commander has printed it). */
export interface ErrorReport {
  readonly code: number;
  readonly message: string;
}

/**
 * Classifies an error by its type: usage and config errors are the user's input (2), numerical errors
 * are trouble the user can act on (3), write failures are 74, a closed pipe is a quiet 141, and anything
 * else is a bug in dlgen (70), reported in one line that asks for a report (stack only with DLGEN_DEBUG=1).
 */
export function classifyError(e: unknown, debug: boolean): ErrorReport {
  if (e instanceof CommanderError) {
    // Commander has already printed its message; help and version are not errors.
    const ok = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help';
    return { code: ok ? EXIT.ok : EXIT.usage, message: '' };
  }
  if (e instanceof ConfigError) return { code: EXIT.usage, message: `dlgen: invalid config:\n${indent(e.message)}\n` };
  if (e instanceof UsageError) return { code: EXIT.usage, message: `dlgen: ${e.message}\n` };
  if (e instanceof NumericalError) return { code: EXIT.numerical, message: `dlgen: ${e.message}\n` };
  if (e instanceof ClosedPipeError) return { code: EXIT.closedPipe, message: '' };
  if (e instanceof OutputError) return { code: EXIT.output, message: `dlgen: ${e.message}\n` };
  const err = e instanceof Error ? e : new Error(String(e));
  const stack = debug ? `${err.stack ?? ''}\n` : '';
  return {
    code: EXIT.internal,
    message:
      `dlgen: internal error: ${err.message}\n` +
      `dlgen: this is a bug in dlgen; please report it with the command that triggered it${debug ? '' : ' (DLGEN_DEBUG=1 shows the stack trace)'}\n${stack}`,
  };
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
