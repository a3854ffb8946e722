import { withDecoupledDivergence } from './decoupledDivergence.js';
import { catchDivergence, type JobOutcome } from './jobOutcome.js';
import type { PairRunRecord } from './pairRecord.js';
import { simulateTransferRun, type TransferEngine } from './simulateTransfer.js';
import { transferSweepCell, type SweepRow } from './transferSweep.js';
import type { TransferConfig } from './transferConfig.js';

/** One run of a transfer experiment, as sent to a worker. */
export interface TransferRunJob {
  readonly config: TransferConfig;
  readonly run: number;
  readonly engine: TransferEngine;
}

/** One cell (alignment, SNR) of a sweep, as sent to a worker. */
export interface TransferCellJob {
  readonly config: TransferConfig;
  readonly snr: number;
  readonly engine: TransferEngine;
}

/** Progress is sent to the parent in chunks of this many units. */
const CHUNK = 200;

function chunked(report: (units: number) => void): { add: (units: number) => void; flush: () => void } {
  let pending = 0;
  return {
    add(units) {
      pending += units;
      if (pending >= CHUNK) {
        report(pending);
        pending = 0;
      }
    },
    flush() {
      if (pending > 0) report(pending);
      pending = 0;
    },
  };
}

/** Job function of `simulateTransferParallel`: run `run` of `config`, exactly as `simulateTransfer` does it (§8.3). */
export function transferRunJob(job: TransferRunJob, report: (units: number) => void): JobOutcome<PairRunRecord> {
  const progress = chunked(report);
  const out = catchDivergence(() => {
    const run = () => simulateTransferRun(job.config, job.run, { engine: job.engine, onProgress: progress.add });
    return job.engine === 'decoupled' ? withDecoupledDivergence(job.config, [job.run], run, (r) => [r]) : run();
  });
  progress.flush();
  return out;
}

/** Job function of `transferSweep`: every run of one cell and its theory (8.2). */
export function transferCellJob(job: TransferCellJob, report: (units: number) => void): JobOutcome<SweepRow> {
  const progress = chunked(report);
  const out = catchDivergence(() =>
    transferSweepCell(job.config, job.snr, { engine: job.engine, onProgress: progress.add }),
  );
  progress.flush();
  return out;
}
