import type { Mat } from '../linalg/mat.js';
import type { HeadData, ModelWeights } from '../network/model.js';
import { trainModel } from '../network/trainModel.js';
import { createRng, type Rng } from '../random/rng.js';
import { auxBatchesPerStep, logitNoiseOf, type MultitaskConfig } from './config.js';
import { drawMultitaskData, type LabelledSet, type MultitaskData } from './data.js';
import { batchedTestMetrics, headLogits } from './evaluate.js';
import { initialStudent, studentModel, withoutHeadB } from './student.js';
import { drawTeacherPair, type TeacherPair } from './teacher.js';

/** One paired seed's outcome: task A's test cross-entropy and accuracy, single-task and multitask; benefit = single − multi. */
export interface SeedResult {
  readonly seed: number;
  readonly singleTaskLoss: number;
  readonly multiTaskLoss: number;
  readonly benefit: number;
  readonly singleTaskAccuracy: number;
  readonly multiTaskAccuracy: number;
}

/** Batch size of the test-loss average (the authors' test loader uses the training batch size). */
function testBatch(c: MultitaskConfig): number {
  return c.protocol === 'paper' ? c.batchSize : c.testExamples;
}

/** One-hot targets Y (C×n) of a labelled set. */
export function oneHot(labels: Int32Array, classes: number): Mat {
  const n = labels.length;
  const y = { rows: classes, cols: n, data: new Float64Array(classes * n) };
  for (let mu = 0; mu < n; mu++) y.data[labels[mu] * n + mu] = 1;
  return y;
}

function headData(set: LabelledSet, classes: number): HeadData {
  return { x: set.x, y: oneHot(set.labels, classes) };
}

/** The random streams of paired seed k: `<seed>/run<k>` forks into `teacher`, `data`, `init` and `sgd`. */
export function seedStream(c: Pick<MultitaskConfig, 'seed'>, k: number): Rng {
  return createRng(c.seed).fork(`run${k}`);
}

/** Teachers, data and initial two-head weights of paired seed k (MULTITASK.md §1). */
export function drawSeed(
  c: MultitaskConfig,
  k: number,
): { teachers: TeacherPair; data: MultitaskData; init: ModelWeights } {
  return drawSeedFrom(c, seedStream(c, k));
}

/** The draws of one paired seed from its stream: `teacher`, `data` and `init` forks (what the builder claim audits). */
export function drawSeedFrom(
  c: MultitaskConfig,
  rng: Rng,
): { teachers: TeacherPair; data: MultitaskData; init: ModelWeights } {
  const teachers = drawTeacherPair(
    {
      inputDim: c.inputDim,
      classes: c.classes,
      rank: c.rank,
      scaleA: c.scaleA,
      scaleB: c.scaleB,
      relatedness: c.relatedness,
    },
    rng.fork('teacher'),
  );
  const data = drawMultitaskData(
    teachers,
    {
      trainExamples: c.trainExamples,
      auxExamples: c.auxExamples,
      testExamples: c.testExamples,
      logitNoiseStd: logitNoiseOf(c),
      labelFlip: c.labelFlip,
      cleanValidation: c.cleanValidation,
      sharedSamples: c.sharedSamples,
    },
    rng.fork('data'),
  );
  return { teachers, data, init: initialStudent(c, rng.fork('init')) };
}

/**
 * Trains one student through the engine (src/network/trainModel.ts) and returns its final weights.
 * `paper`: minibatch SGD on mean batch losses, task A's batches shuffled from `sgd/shuffle0` (the same
 * order for the single- and multitask runs), alternating with ⌊aux/train⌋ task-B batches; `fullBatch`:
 * GD on the sum of the heads' mean losses, in the config's update order (simultaneous or sequential).
 */
function train(
  c: MultitaskConfig,
  heads: 1 | 2,
  init: ModelWeights,
  data: readonly HeadData[],
  rng: Rng,
): ModelWeights {
  const model = studentModel(c, heads, init);
  const common = {
    learningRate: c.learningRate,
    epochs: c.epochs,
    reportEvery: Math.max(1, c.epochs),
    reduction: 'mean' as const,
    backend: 'fused' as const,
  };
  const options =
    c.protocol === 'paper'
      ? {
          ...common,
          integrator: 'sgd' as const,
          batchSize: c.batchSize,
          rng,
          headSchedule: heads === 2 ? ('alternating' as const) : ('joint' as const),
        }
      : c.update === 'sequential'
        ? // The fused backend runs simultaneous steps; the sequential order runs on the reference engine.
          { ...common, integrator: 'gd' as const, update: 'sequential' as const, backend: 'reference' as const }
        : { ...common, integrator: 'gd' as const, update: 'simultaneous' as const };
  return trainModel(model, data, options).weights;
}

/** Task A's test metrics of trained weights (head 0). */
function evaluate(
  c: MultitaskConfig,
  heads: 1 | 2,
  w: ModelWeights,
  test: LabelledSet,
): { loss: number; accuracy: number } {
  const model = studentModel(c, heads, w);
  return batchedTestMetrics(headLogits(model, w, test.x, 0), test.labels, testBatch(c));
}

/** Task A's test cross-entropy and accuracy of one trained student. */
export interface TaskAMetrics {
  readonly loss: number;
  readonly accuracy: number;
}

/** Which student of a paired seed: trunk + head A alone, or trunk + heads A and B. */
export type StudentKind = 'single' | 'multi';

/**
 * One student of paired seed k: the teacher pair, data and initialisation of the seed (MULTITASK.md §1),
 * trained through the engine; task A's test metrics. The single-task student depends only on task A's
 * draws (never on s_B, q or task B's data), so a sweep computes it once per (ntrain, s_A, seed). With
 * ⌊aux/train⌋ = 0 the `paper` protocol makes no task-B update, so the multitask run is the single-task
 * run (as in the authors' code).
 */
export function trainMultitaskStudent(c: MultitaskConfig, k: number, kind: StudentKind): TaskAMetrics {
  const { data, init } = drawSeed(c, k);
  const a = headData(data.trainA, c.classes);
  const sgd = seedStream(c, k).fork('sgd');
  if (kind === 'single' || (c.protocol === 'paper' && auxBatchesPerStep(c) === 0)) {
    return evaluate(c, 1, train(c, 1, withoutHeadB(init), [a], sgd), data.testA);
  }
  return evaluate(c, 2, train(c, 2, init, [a, headData(data.trainB, c.classes)], sgd), data.testA);
}

/** Paired seed k: the single- and the multitask student on the same draws; benefit = L_single − L_multi (MULTITASK.md §1). */
export function runSeed(c: MultitaskConfig, k: number): SeedResult {
  return pairResult(k, trainMultitaskStudent(c, k, 'single'), trainMultitaskStudent(c, k, 'multi'));
}

/** A seed's result from its two students' metrics. */
export function pairResult(k: number, single: TaskAMetrics, multi: TaskAMetrics): SeedResult {
  return {
    seed: k,
    singleTaskLoss: single.loss,
    multiTaskLoss: multi.loss,
    benefit: single.loss - multi.loss,
    singleTaskAccuracy: single.accuracy,
    multiTaskAccuracy: multi.accuracy,
  };
}
