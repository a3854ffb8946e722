import type { RunRecord, StudentSpec, TrainingSpec } from '../../network/student.js';
import { trainStudent } from '../../network/train.js';
import type { Rng } from '../../random/rng.js';
import type { Task } from '../../task/task.js';

/** Trains a student and records its curves: the shape of the trainer a claim exercises (Appendix R2). */
export type TrainRun = (task: Task, student: StudentSpec, training: TrainingSpec, rng: Rng) => RunRecord;

/** The product's trainer, exactly as `dlgen simulate` trains (init from stream `init` of `rng`), Appendix R2. */
export const realTrain: TrainRun = (task, student, training, rng) => trainStudent(task, student, training, rng);
