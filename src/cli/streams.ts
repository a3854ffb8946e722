import { readFileSync, readlinkSync } from 'node:fs';
import { causeText } from './errors.js';
import { EXIT } from './exitCodes.js';

/**
 * Whether the process was started with stdout closed (`>&-`): Node then reopens file descriptor 1
 * on /dev/null read-write, which a user's own `> /dev/null` (write-only) never does. Linux only
 * (elsewhere: false).
 */
export function stdoutWasClosed(fdinfo = '/proc/self/fdinfo/1', fdlink = '/proc/self/fd/1'): boolean {
  try {
    const flags = /flags:\s*([0-7]+)/.exec(readFileSync(fdinfo, 'utf8'));
    return flags !== null && (parseInt(flags[1], 8) & 3) === 2 && readlinkSync(fdlink) === '/dev/null';
  } catch {
    return false;
  }
}

/**
 * Makes stdout failures end the process the documented way instead of with a stack trace: a closed
 * pipe exits quietly with 141 (as shells report SIGPIPE), any other write error prints one line
 * naming stdout and the error and exits 74, and a stdout closed at start-up exits 74 before any work.
 */
export function guardStdout(exit: (code: number) => never = (c) => process.exit(c)): void {
  if (stdoutWasClosed()) {
    process.stderr.write('dlgen: cannot write stdout: it is closed (started with >&-); nothing would be seen\n');
    exit(EXIT.output);
  }
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') exit(EXIT.closedPipe);
    process.stderr.write(`dlgen: cannot write stdout: ${causeText(e)}\n`);
    exit(EXIT.output);
  });
}
