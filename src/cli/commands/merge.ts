import type { Command } from 'commander';
import { runLayout } from '../../shard/layout.js';
import { collectParts, readPart } from '../../shard/part.js';
import { claimReports, type PrintedReport, type VerifyRunConfig } from '../../shard/verifyUnits.js';
import { sweepCsv, type SweepRow } from '../../transfer/transferSweep.js';
import { formatAuthorsCsv } from '../../multitask/authorsCsv.js';
import { multitaskSweepRows, type MultitaskSweepRun } from '../../multitask/sweep.js';
import type { TaskAMetrics } from '../../multitask/protocol.js';
import type { UnitResult } from '../../figures/types.js';
import { EXIT, type CliIo } from '../io.js';
import { addOptions } from '../options.js';
import { checkWritable, writeFileAtomic } from '../outFile.js';
import { drawMergedFigures, figureLayout, type FigureRunConfig } from '../figureShard.js';
import { shardUsage } from '../shardArgs.js';
import { verifyOutput, writeVerifyReport } from './verify.js';
import { UsageError } from '../errors.js';

/**
 * `dlgen merge PART…`: the output the unsharded command would have printed, byte for byte, from
 * the part files its shards wrote (any order). Refuses (exit 2, one line) parts that are missing,
 * duplicated or from another run; for verify, exits 1 if a claim failed, like verify itself.
 */
export function registerMerge(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('merge')
    .description(
      'merge the part files of a run split with --shard (verify, transfer sweep, multitask sweep, figure) into exactly the output of the unsharded run',
    )
    .argument('<parts...>', 'part files, one per shard, in any order');
  addOptions(cmd, ['out', 'report'], {
    out: 'write the merged output to this file (atomically) instead of stdout',
    report:
      'verify parts: also write the HTML report of the merged run (as verify --report does); checked before the merge',
  });
  cmd.action(async (paths: string[], opts: { out?: string; report?: string }) => {
    if (opts.out !== undefined) checkWritable('--out', opts.out);
    if (opts.report !== undefined) checkWritable('--report', opts.report);
    const merged = shardUsage(() =>
      collectParts(
        paths.map((p) => ({ name: p, part: readPart(p) })),
        (command, config) =>
          command === 'figure' ? figureLayout(config as FigureRunConfig) : runLayout(command, config),
      ),
    );
    let text: string;
    let code: number = EXIT.ok;
    if (merged.command === 'verify') {
      const config = merged.config as VerifyRunConfig;
      const reports = claimReports(config, merged.results as PrintedReport[]);
      text = verifyOutput(config, reports);
      if (opts.report !== undefined) await writeVerifyReport(opts.report, config, reports);
      if (reports.some((r) => !r.holds)) code = EXIT.failed;
    } else if (opts.report !== undefined) {
      throw new UsageError(`--report: only for parts of dlgen verify; these are parts of dlgen ${merged.command}`);
    } else if (merged.command === 'figure') {
      // The figures go to the run's own --out directory, as the unsharded run writes them; the summary to stdout.
      text = await drawMergedFigures(merged.config as FigureRunConfig, merged.results as UnitResult[]);
    } else if (merged.command === 'multitask sweep') {
      text = formatAuthorsCsv(
        multitaskSweepRows(merged.config as MultitaskSweepRun, merged.results as TaskAMetrics[][]),
      );
    } else text = sweepCsv(merged.results as SweepRow[]);
    if (opts.out === undefined) io.stdout(text);
    else writeFileAtomic(opts.out, text);
    setExit(code);
  });
}
