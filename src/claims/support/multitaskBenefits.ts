import { loadAuthorsRuns, type AuthorsFile } from '../../multitask/authorsCsv.js';
import { cellBenefits, findCell, type CellBenefit, type CellKey } from '../../multitask/benefits.js';
import { resolveMultitaskConfig, type MultitaskConfig } from '../../multitask/config.js';
import { trainMultitaskStudent, type StudentKind, type TaskAMetrics } from '../../multitask/protocol.js';
import type { Outcome } from '../claim.js';

/**
 * What MT5–MT8 share: per-seed benefits of the multitask protocol at a few points of one cell,
 * paired by seed (MULTITASK.md §1 Metric), at a reduced CI cell or at the authors' grid points, and
 * the authors' own benefits at those points (their CSVs: signs and orderings only, never magnitudes).
 */

/** What the MT5–MT8 checks exercise: one student of a paired seed (the product's `trainMultitaskStudent`). */
export interface MultitaskStudentImpl {
  readonly trainStudent: (c: MultitaskConfig, seed: number, kind: StudentKind) => TaskAMetrics;
}

/** The product's implementation. */
export const multitaskStudentImpl: MultitaskStudentImpl = { trainStudent: trainMultitaskStudent };

/**
 * The reduced cell of the CI runs: the authors' protocol (alternating minibatch SGD, ReLU trunk,
 * biases, orthogonal init, logit noise 1/√d) scaled down so that one paired seed trains in about
 * 10 ms: d = 20, C = r = 4, one trunk layer of 16, batch 16, λ = 0.05, 30 epochs, ntrain 16, clean
 * tasks (s_A = s_B = 10), 300 test examples. Task B's 256 examples (16 task-B batches per task-A
 * batch) make the benefit's sign pattern of the authors' grid large enough to resolve with few seeds.
 */
export const MT_REDUCED_CELL: Readonly<Partial<MultitaskConfig>> = Object.freeze({
  inputDim: 20,
  classes: 4,
  rank: 4,
  trunkLayers: 1,
  trunkWidth: 16,
  batchSize: 16,
  learningRate: 0.05,
  epochs: 30,
  trainExamples: 16,
  auxExamples: 256,
  testExamples: 300,
  scaleA: 10,
  scaleB: 10,
});

/** One point of a cell: relatedness q and task B's examples (task A's from the base unless given). */
export interface CellPoint {
  readonly relatedness: number;
  readonly auxExamples: number;
  readonly trainExamples?: number;
}

/** The config of a point: the base with (q, aux, ntrain) set and root seed `seed`. */
export function pointConfig(base: Partial<MultitaskConfig>, p: CellPoint, seed: number): MultitaskConfig {
  return resolveMultitaskConfig({
    ...base,
    relatedness: p.relatedness,
    auxExamples: p.auxExamples,
    trainExamples: p.trainExamples ?? base.trainExamples,
    seed,
  });
}

/**
 * Benefits L_single − L_multi of paired seeds 0 … seeds−1 (root `seed`) at each point: result[point][k].
 * The single-task student depends on task A's draws only, so it is trained once per (ntrain, seed).
 */
export function pairedBenefits(
  impl: MultitaskStudentImpl,
  base: Partial<MultitaskConfig>,
  points: readonly CellPoint[],
  seeds: number,
  seed: number,
): number[][] {
  const single = new Map<string, number>();
  const loss = (c: MultitaskConfig, k: number, kind: StudentKind): number => {
    if (impl !== multitaskStudentImpl) return impl.trainStudent(c, k, kind).loss;
    // The product's students are pure functions of (config, seed, kind): claims drawing the same
    // specs (MT5, MT6, MT8 share their generator) reuse each other's runs within a process.
    const key = `${JSON.stringify(c)}|${k}|${kind}`;
    let v = studentMemo.get(key);
    if (v === undefined) {
      v = impl.trainStudent(c, k, kind).loss;
      if (studentMemo.size >= MEMO_LIMIT) studentMemo.clear();
      studentMemo.set(key, v);
    }
    return v;
  };
  return points.map((p) => {
    const c = pointConfig(base, p, seed);
    return Array.from({ length: seeds }, (_, k) => {
      const key = `${c.trainExamples}|${k}`;
      if (!single.has(key)) single.set(key, loss(c, k, 'single'));
      return single.get(key)! - loss(c, k, 'multi');
    });
  });
}

const MEMO_LIMIT = 100_000;
const studentMemo = new Map<string, number>();

/** Mean over seeds of a per-seed combination of the points' benefits. */
export function meanOf(benefits: readonly number[][], f: (b: (i: number) => number) => number): number {
  const n = benefits[0].length;
  let s = 0;
  for (let k = 0; k < n; k++) s += f((i) => benefits[i][k]);
  return s / n;
}

/**
 * Outcome of a strict sign check: holds iff x > 0. `scale` (the calibrated mean, or the authors'
 * magnitude) only scales the ratio: 0 at x = scale, 1 at x = 0, above 1 for x ≤ 0.
 */
export function positive(x: number, scale: number, detail: string): Outcome {
  const ratio = x > 0 ? Math.max(0, 1 - x / scale) : Math.max(1 + 1e-12, 1 - x / scale);
  return {
    measured: x,
    predicted: scale,
    tolerance: scale,
    holds: x > 0,
    ratio: Number.isNaN(ratio) ? Infinity : ratio,
    detail,
  };
}

/**
 * Outcome of a sign comparison with the authors: dlgen's mean over seeds of `f` must have the sign of
 * `authors` (the authors' value of the same combination; 0 counts as positive), scaled by its magnitude.
 */
export function sameSignAsAuthors(
  benefits: readonly number[][],
  authors: number,
  f: (b: (i: number) => number) => number,
  detail: string,
): Outcome {
  const sign = Math.sign(authors) || 1;
  return positive(sign * meanOf(benefits, f), Math.abs(authors), detail);
}

const authorsCells = new Map<AuthorsFile, CellBenefit[]>();

/** The authors' benefit (mean ± SE over their 5 seeds) at a cell of one of their files (loaded once per process). */
export function authorsBenefit(file: AuthorsFile, key: CellKey): CellBenefit {
  let cells = authorsCells.get(file);
  if (!cells) {
    cells = cellBenefits(loadAuthorsRuns(file));
    authorsCells.set(file, cells);
  }
  const cell = findCell(cells, key);
  if (!cell) throw new RangeError(`the authors' ${file}.csv has no cell ${JSON.stringify(key)}`);
  return cell;
}
