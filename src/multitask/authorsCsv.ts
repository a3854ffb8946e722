import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One run of the authors' CSVs (MULTITASK.md §1–§2; `data/mt-theory/`): a grid cell, whether it is the
 * single-task baseline, the seed, and the task-A test cross-entropy `validation-1/loss`.
 */
export interface AuthorsRun {
  readonly id: string;
  /** ntrain of task A; `aux-train-pts.csv` has no such column (its runs use 100, see `AUX_FILE_MAIN_TRAIN`). */
  readonly mainTrain: number;
  readonly auxTrain: number;
  readonly relatedness: number;
  readonly scaleA: number;
  readonly scaleB: number;
  readonly singleTask: boolean;
  readonly seed: number;
  readonly loss: number;
  /** Trunk layers, from an `nlayers` column (the authors' `deep-nonlinear.csv`); absent in files without one. */
  readonly layers?: number;
}

/** The authors' column layout (rank-10 and rank-3 files); dlgen's sweep writes the same. */
export const AUTHORS_COLUMNS = [
  'id',
  'main_train_pts',
  'aux_train_pts',
  'relatedness',
  's_a',
  's_b',
  'single_task',
  'train_seed',
  'validation-1/loss',
] as const;

/**
 * Task-A ntrain of `aux-train-pts.csv`, which does not record it: its single-task losses equal the
 * rank-10 ntrain-100 losses seed by seed and scale by scale (checked by the loader's test).
 */
export const AUX_FILE_MAIN_TRAIN = 100;

/** The three files of `data/mt-theory/`. */
export type AuthorsFile = 'rank-10' | 'rank-3' | 'aux-train-pts';

/** Parses one of the authors' CSVs (either layout); a malformed row throws naming the line. */
export function parseAuthorsCsv(text: string, defaultMainTrain = AUX_FILE_MAIN_TRAIN): AuthorsRun[] {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length === 0) throw new RangeError('authors CSV: empty file');
  const header = lines[0].split(',');
  const col = (name: string): number => header.indexOf(name);
  const need = ['id', 'aux_train_pts', 'relatedness', 's_a', 's_b', 'single_task', 'train_seed', 'validation-1/loss'];
  for (const n of need)
    if (col(n) < 0) throw new RangeError(`authors CSV: missing column "${n}" (header: ${lines[0]})`);
  const iMain = col('main_train_pts');
  const iLayers = col('nlayers');
  const out: AuthorsRun[] = [];
  for (let li = 1; li < lines.length; li++) {
    const f = lines[li].split(',');
    if (f.length !== header.length)
      throw new RangeError(`authors CSV line ${li + 1}: ${f.length} fields, header has ${header.length}`);
    const num = (name: string): number => {
      const v = Number(f[col(name)]);
      if (!Number.isFinite(v))
        throw new RangeError(`authors CSV line ${li + 1}: ${name} = "${f[col(name)]}" is not a number`);
      return v;
    };
    const single = f[col('single_task')];
    if (single !== 'True' && single !== 'False')
      throw new RangeError(`authors CSV line ${li + 1}: single_task = "${single}", expected True or False`);
    out.push({
      id: f[col('id')],
      mainTrain: iMain >= 0 ? num('main_train_pts') : defaultMainTrain,
      auxTrain: num('aux_train_pts'),
      relatedness: num('relatedness'),
      scaleA: num('s_a'),
      scaleB: num('s_b'),
      singleTask: single === 'True',
      seed: num('train_seed'),
      loss: num('validation-1/loss'),
      ...(iLayers >= 0 ? { layers: num('nlayers') } : {}),
    });
  }
  return out;
}

/** Runs as CSV in the authors' column layout (`AUTHORS_COLUMNS`), numbers in shortest round-trip form. */
export function formatAuthorsCsv(runs: readonly AuthorsRun[]): string {
  const rows = runs.map((r) =>
    [
      r.id,
      r.mainTrain,
      r.auxTrain,
      r.relatedness,
      r.scaleA,
      r.scaleB,
      r.singleTask ? 'True' : 'False',
      r.seed,
      r.loss,
    ].join(','),
  );
  return `${AUTHORS_COLUMNS.join(',')}\n${rows.map((r) => `${r}\n`).join('')}`;
}

/**
 * The folder holding the authors' CSVs: `$DLGEN_MT_DATA` if set, else the repository's own copy in
 * `fixtures/mt-theory`, else `shared/data/mt-theory` beside the repository (or beside any folder
 * above it). Throws naming every place looked in.
 */
export function authorsDataDir(): string {
  const tried: string[] = [];
  const env = process.env.DLGEN_MT_DATA;
  if (env) {
    if (existsSync(join(env, 'rank-10.csv'))) return env;
    throw new RangeError(`DLGEN_MT_DATA=${env} does not hold rank-10.csv (the authors' data of MULTITASK.md)`);
  }
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    let dir = resolve(start);
    for (;;) {
      for (const candidate of [
        join(dir, 'fixtures', 'mt-theory'),
        join(dir, 'shared', 'data', 'mt-theory'),
        join(dir, '..', 'shared', 'data', 'mt-theory'),
      ]) {
        const c = resolve(candidate);
        if (!tried.includes(c)) tried.push(c);
        if (existsSync(join(c, 'rank-10.csv'))) return c;
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new RangeError(
    `the authors' data (rank-10.csv, rank-3.csv, aux-train-pts.csv) were not found; set DLGEN_MT_DATA to their folder. Looked in: ${tried.slice(0, 6).join(', ')}, …`,
  );
}

/** Loads one of the authors' files from `authorsDataDir()`. */
export function loadAuthorsRuns(file: AuthorsFile, dir = authorsDataDir()): AuthorsRun[] {
  return parseAuthorsCsv(readFileSync(join(dir, `${file}.csv`), 'utf8'));
}
