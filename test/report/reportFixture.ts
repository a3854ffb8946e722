import { CLAIMS } from '../../src/claims/registry.js';
import { runCli } from '../../src/cli/runCli.js';
import { drawReportFigures } from '../../src/report/reportFigures.js';
import { verifyReportHtml, type VerifyDocument } from '../../src/report/verifyReport.js';
import { memoryIo } from '../memoryIo.js';

/** A verify document from real runs: C4 and C9 passing, and C3's first planted bug as a genuine failure with its shrunk counterexample. */
export async function reportDocument(): Promise<VerifyDocument> {
  const run = async (args: string[]) => {
    const io = memoryIo();
    await runCli(['verify', ...args, '--json', '--runs', '30', '--workers', '1'], io);
    return JSON.parse(io.out()) as VerifyDocument;
  };
  const passing = await run(['--claim', 'C4,C9']);
  const bug = CLAIMS.find((c) => c.id === 'C3')!.plantedBugs[0].name;
  const failing = await run(['--claim', 'C3', '--planted', bug]);
  const failed = failing.claims.map((c) => ({ ...c, name: `${c.name} (planted bug: ${bug})` }));
  return { ...passing, passed: passing.passed, failed: failed.length, claims: [...passing.claims, ...failed] };
}

/** The report of `reportDocument`, with F1 and F6 drawn at --quick size. */
export async function reportFixture(): Promise<{ doc: VerifyDocument; html: string }> {
  const doc = await reportDocument();
  const figures = await drawReportFigures(['F1', 'F6'], { seed: doc.seed });
  const html = verifyReportHtml(
    doc,
    { version: '0.0.0-test', commit: 'a'.repeat(40), node: process.version, date: '2019-01-04T00:00:00.000Z' },
    figures,
  );
  return { doc, html };
}
