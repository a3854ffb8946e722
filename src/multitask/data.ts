import { normals, type Rng } from '../random/rng.js';
import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import type { ArgmaxTeacher } from './teacher.js';

/** A labelled sample: inputs as the columns of a d×n matrix, one class index per column. */
export interface LabelledSet {
  readonly x: Mat;
  readonly labels: Int32Array;
}

/** How labels are drawn from a teacher (MULTITASK.md §1). */
export interface LabelOptions {
  /** σ of the per-sample logit noise ξ ~ N(0, σ² I_C); 0 gives noiseless argmax labels. */
  readonly logitNoiseStd: number;
  /** f: each label is replaced, with probability f, by a class drawn uniformly from all C (possibly the same one). */
  readonly labelFlip: number;
  /**
   * Share of the samples whose logits carry the noise, each chosen independently (stream `noiseMask`);
   * omitted means all of them.
   */
  readonly noisyFraction?: number;
}

/** d×n inputs with i.i.d. N(0, 1) entries (MULTITASK.md §1: x ~ N(0, I_d)). */
export function gaussianInputs(d: number, n: number, rng: Rng): Mat {
  return { rows: d, cols: n, data: normals(rng, d * n) };
}

/**
 * Labels argmax_c (M x_μ + ξ_μ)_c, then flips (MULTITASK.md §1). Streams: `logitNoise` (C draws per
 * sample, in sample order) and `flips` (one uniform per sample, a second for the flipped ones), so the
 * flips are drawn once with the data and do not depend on σ.
 */
export function argmaxLabels(teacher: ArgmaxTeacher, x: Mat, options: LabelOptions, rng: Rng): Int32Array {
  const m = teacher.map;
  const c = m.rows;
  if (x.rows !== m.cols) throw new RangeError(`inputs have ${x.rows} rows, the teacher expects ${m.cols}`);
  const n = x.cols;
  const noiseRng = rng.fork('logitNoise');
  const flipRng = rng.fork('flips');
  const fraction = options.noisyFraction ?? 1;
  const maskRng = fraction < 1 ? rng.fork('noiseMask') : undefined;
  const z = matmul(m, x);
  const labels = new Int32Array(n);
  const logits = new Float64Array(c);
  for (let mu = 0; mu < n; mu++) {
    const sigma = maskRng === undefined || maskRng.uniform() < fraction ? options.logitNoiseStd : 0;
    for (let k = 0; k < c; k++) logits[k] = z.data[k * n + mu] + sigma * noiseRng.normal();
    let best = 0;
    for (let k = 1; k < c; k++) if (logits[k] > logits[best]) best = k;
    labels[mu] = best;
  }
  for (let mu = 0; mu < n; mu++) {
    if (flipRng.uniform() < options.labelFlip) labels[mu] = Math.min(c - 1, Math.floor(flipRng.uniform() * c));
  }
  return labels;
}

/**
 * Which labels carry the logit noise: `false` all of them; `true` the training labels only; `"authors"`
 * the authors' `--clean_validation` as their code runs it: it labels the first half of each task's pool
 * with noise and the second half without, then shuffles the pool before splitting it into train and
 * test, so every train and test label is noisy with probability 1/2 (independently here; exactly half
 * of the pool there).
 */
export type CleanValidation = boolean | 'authors';

/** The data of one seed: train and test sets of both tasks (MULTITASK.md §1). */
export interface MultitaskData {
  readonly trainA: LabelledSet;
  readonly testA: LabelledSet;
  readonly trainB: LabelledSet;
  readonly testB: LabelledSet;
}

/** What `drawMultitaskData` needs besides the teachers. */
export interface DataSpec extends LabelOptions {
  readonly trainExamples: number;
  readonly auxExamples: number;
  readonly testExamples: number;
  /** `cleanValidation`: true takes the logit noise off the test labels; `"authors"` puts it on a random half of every set. */
  readonly cleanValidation: CleanValidation;
  /** Task B labels task A's inputs (same train and test inputs). */
  readonly sharedSamples: boolean;
}

/**
 * Gaussian inputs and argmax labels for both tasks, train and test split (MULTITASK.md §1). Streams
 * `taskA`/`taskB` fork into `train`/`test`, each into `inputs`, `logitNoise`, `flips`; with shared
 * samples task B reuses task A's inputs but keeps its own noise and flips.
 */
export function drawMultitaskData(
  teachers: { readonly a: ArgmaxTeacher; readonly b: ArgmaxTeacher },
  spec: DataSpec,
  rng: Rng,
): MultitaskData {
  const d = teachers.a.map.cols;
  const half = spec.cleanValidation === 'authors' ? { noisyFraction: 0.5 } : {};
  const train = { logitNoiseStd: spec.logitNoiseStd, labelFlip: spec.labelFlip, ...half };
  const test = {
    logitNoiseStd: spec.cleanValidation === true ? 0 : spec.logitNoiseStd,
    labelFlip: spec.labelFlip,
    ...half,
  };
  const set = (teacher: ArgmaxTeacher, x: Mat, options: LabelOptions, stream: Rng): LabelledSet => ({
    x,
    labels: argmaxLabels(teacher, x, options, stream),
  });
  const a = rng.fork('taskA');
  const b = rng.fork('taskB');
  const xTrainA = gaussianInputs(d, spec.trainExamples, a.fork('train').fork('inputs'));
  const xTestA = gaussianInputs(d, spec.testExamples, a.fork('test').fork('inputs'));
  const xTrainB = spec.sharedSamples ? xTrainA : gaussianInputs(d, spec.auxExamples, b.fork('train').fork('inputs'));
  const xTestB = spec.sharedSamples ? xTestA : gaussianInputs(d, spec.testExamples, b.fork('test').fork('inputs'));
  return {
    trainA: set(teachers.a, xTrainA, train, a.fork('train')),
    testA: set(teachers.a, xTestA, test, a.fork('test')),
    trainB: set(teachers.b, xTrainB, train, b.fork('train')),
    testB: set(teachers.b, xTestB, test, b.fork('test')),
  };
}
