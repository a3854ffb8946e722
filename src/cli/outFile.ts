import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OutputError, UsageError, causeText } from './errors.js';

/** The temporary sibling an atomic write goes through (same directory, so the rename is atomic). */
function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
}

/**
 * Checks, before any work, that `path` can be written: its directory exists and takes a new file,
 * and it is not a directory. A failure is a `UsageError` naming the flag (exit 2), so a long run
 * never computes everything and then loses it.
 */
export function checkWritable(flag: string, path: string): void {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // Does not exist yet: fine, the directory is checked below.
  }
  if (isDir) throw new UsageError(`${flag}: ${path} is a directory; allowed: a file path`);
  const probe = tempPath(path);
  try {
    closeSync(openSync(probe, 'wx'));
    rmSync(probe, { force: true });
  } catch (e) {
    throw new UsageError(
      `${flag}: cannot write ${path} (${causeText(e)}); allowed: a path in an existing, writable directory`,
    );
  }
}

/**
 * Writes `text` to `path` atomically: a temporary file in the same directory, flushed, then renamed
 * over `path`, so readers see the old file or the whole new one. A failure is an `OutputError` (exit 74)
 * and leaves no temporary file behind.
 */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = tempPath(path);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new OutputError(path, e);
  }
}
