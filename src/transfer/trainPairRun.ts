import type { Mat } from '../linalg/mat.js';
import type { Layers, StudentSpec, TrainingSpec } from '../network/student.js';
import { trainStudent } from '../network/train.js';
import type { Rng } from '../random/rng.js';
import { pairRunRecord, type PairRunRecord } from './pairRecord.js';
import { blockErrors, type TaskPair } from './taskPair.js';

/** Starting layers per student, instead of drawing them (for invariance checks). */
export interface PairInitialLayers {
  readonly joint?: Layers;
  readonly a?: Layers;
  readonly b?: Layers;
}

/** Options of `trainPairRun`. */
export interface PairRunOptions {
  readonly initialLayers?: PairInitialLayers;
  /** Called once per epoch of each student (progress reporting): 3·epochs calls in all. */
  readonly onEpoch?: () => void;
  /** Called at every recorded epoch of each student with its end-to-end map (not to be mutated). */
  readonly observe?: (student: PairStudent, epoch: number, w: Mat) => void;
}

/** Which of the three students of a pair. */
export type PairStudent = 'joint' | 'a' | 'b';

/**
 * Trains the joint, A-alone and B-alone students by full-batch GD on one pair, i.e. on the same
 * noise draw (each initialised from its own stream `joint`, `aloneA`, `aloneB` of `rng`), and
 * records every error of §8.3 (Appendix R7).
 */
export function trainPairRun(
  pair: TaskPair,
  student: StudentSpec,
  training: TrainingSpec,
  rng: Rng,
  options: PairRunOptions = {},
): PairRunRecord {
  const init = options.initialLayers ?? {};
  const onEpoch = options.onEpoch ? () => options.onEpoch!() : undefined;
  const jointA: number[] = [];
  const jointB: number[] = [];
  const joint = trainStudent(pair.joint, student, training, rng.fork('joint'), {
    initialLayers: init.joint,
    onEpoch,
    observe: (t, _layers, w) => {
      options.observe?.('joint', t, w);
      const e = blockErrors(pair, w);
      jointA.push(e.a);
      jointB.push(e.b);
    },
  });
  const watch = (who: PairStudent) =>
    options.observe ? (t: number, _l: Layers, w: Mat) => options.observe!(who, t, w) : undefined;
  const a = trainStudent(pair.a, student, training, rng.fork('aloneA'), {
    initialLayers: init.a,
    onEpoch,
    observe: watch('a'),
  });
  const b = trainStudent(pair.b, student, training, rng.fork('aloneB'), {
    initialLayers: init.b,
    onEpoch,
    observe: watch('b'),
  });
  return pairRunRecord(pair, {
    jointTestError: joint.testError,
    jointTrainError: joint.trainError,
    jointTestErrorA: jointA,
    jointTestErrorB: jointB,
    aloneTestErrorA: a.testError,
    aloneTrainErrorA: a.trainError,
    aloneTestErrorB: b.testError,
    aloneTrainErrorB: b.trainError,
  });
}
