import { createRng } from '../random/rng.js';
import { trainNonlinearPairRun } from '../transfer/nonlinearPairRun.js';
import { withLeakyTeachers } from '../transfer/nonlinearTeacherPair.js';
import { drawTaskPair } from '../transfer/taskPair.js';
import { F11_SLOPE, f11PairSpec, type F11Sizes } from './f11NonlinearTransfer.js';

/** One cell of F11 (target, partner, q) with its runs, as sent to a worker. */
export interface F11CellJob {
  readonly sizes: F11Sizes;
  readonly target: number;
  readonly partner: number;
  readonly q: number;
  readonly runs: number;
  /** The unit's seed: run r draws its pair and students from (seed, r) only, the same at every q and partner. */
  readonly seed: number;
}

/** T^{A←B} (8.2) of each run of one F11 cell: joint and alone leaky-ReLU students on one drawn pair per run, its teachers leaky-ReLU networks (§8.7); one progress unit per run. */
export function f11CellJob(job: F11CellJob, report: (units: number) => void): number[] {
  const s = job.sizes;
  const training = { learningRate: s.learningRate, epochs: s.epochs, reportEvery: s.reportEvery };
  const student = {
    hiddenDims: [s.width],
    activation: { kind: 'leakyRelu' as const, slope: F11_SLOPE },
    initScale: s.initScale,
  };
  const transfers: number[] = [];
  for (let r = 0; r < job.runs; r++) {
    const rng = createRng(job.seed).fork(`run${r}`);
    const pair = withLeakyTeachers(
      drawTaskPair(f11PairSpec(s, job.target, job.partner, job.q), rng.fork('pair')),
      F11_SLOPE,
    );
    transfers.push(trainNonlinearPairRun(pair, student, training, rng.fork('students')).transfer);
    report(1);
  }
  return transfers;
}
