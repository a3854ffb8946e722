import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { drawReportFigures, figuresForClaims } from './reportFigures.js';
import { verifyReportHtml, type VerifyDocument } from './verifyReport.js';

/** The git commit of the package's checkout, or undefined when it is not a git checkout (or git is missing). */
export function gitCommit(dir: string = fileURLToPath(new URL('../..', import.meta.url))): string | undefined {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    })
      .toString()
      .trim();
    return /^[0-9a-f]{40}$/.test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

/** Options of `buildVerifyReport`. */
export interface BuildReportOptions {
  readonly version: string;
  readonly workers?: number;
  /** Date shown in the header (default: now, ISO 8601). */
  readonly date?: string;
  readonly onProgress?: (figure: string) => void;
}

/** The HTML report of a verify document: header facts, the claim table, and each illustrating figure drawn at --quick size. */
export async function buildVerifyReport(doc: VerifyDocument, options: BuildReportOptions): Promise<string> {
  const figures = await drawReportFigures(figuresForClaims(doc.claims.map((c) => c.id)), {
    seed: doc.seed,
    workers: options.workers,
    onProgress: options.onProgress,
  });
  const meta = {
    version: options.version,
    commit: gitCommit(),
    node: process.version,
    date: options.date ?? new Date().toISOString(),
  };
  return verifyReportHtml(doc, meta, figures);
}
