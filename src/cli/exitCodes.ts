/** Exit codes shared by every command. */
export const EXIT = Object.freeze({
  ok: 0,
  /** a claim failed (`dlgen verify`) */
  failed: 1,
  /** bad input: config, arguments, files */
  usage: 2,
  /** numerical trouble: divergence, overflow, a result that is not a finite number */
  numerical: 3,
  /** a bug: an unexpected exception */
  internal: 70,
  /** output could not be written (full disk, closed stdout, unwritable file) — sysexits' EX_IOERR */
  output: 74,
  /** the reader of stdout went away (e.g. `| head -1`): quiet, as shells report SIGPIPE */
  closedPipe: 141,
});
