import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Where a job function lives: a module URL and the name of its export `(job, report) => result`. */
export interface JobFunction {
  readonly module: URL;
  readonly name: string;
}

/** A job function's signature; `report(n)` adds n units of progress. */
export type JobFn<J, R> = (job: J, report: (units: number) => void) => R | Promise<R>;

/** Options of `mapInWorkers`. */
export interface MapOptions {
  /** Worker threads to use (default: os.availableParallelism()); 1 runs in this thread. */
  readonly workers?: number;
  /** Called with the progress units reported so far by all jobs. */
  readonly onProgress?: (done: number) => void;
}

/** A module next to `base` (an import.meta.url), with base's extension: .js from dist, .ts from sources. */
export function siblingModule(name: string, base: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

/** The default number of workers: every core. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Maps a job function over independent jobs on worker_threads, results in job order. Jobs
 * and results cross threads by structured clone, so a job's result is exactly what it would
 * be in this thread. Runs in this thread, one job after another, when one worker is asked
 * for, when there is a single job, or when the job module is TypeScript source (workers need
 * the compiled dist/ modules: under vitest the sources run in-process).
 */
export async function mapInWorkers<J, R>(fn: JobFunction, jobs: readonly J[], options: MapOptions = {}): Promise<R[]> {
  const workers = Math.max(1, Math.min(options.workers ?? defaultWorkers(), jobs.length));
  let done = 0;
  const report = (units: number) => {
    done += units;
    options.onProgress?.(done);
  };
  if (workers === 1 || !fn.module.href.endsWith('.js') || !import.meta.url.endsWith('.js')) {
    const f = (await import(fn.module.href))[fn.name] as JobFn<J, R>;
    const out: R[] = [];
    for (const job of jobs) out.push(await f(job, report));
    return out;
  }
  const results = new Array<R>(jobs.length);
  let next = 0;
  const script = new URL('./poolWorker.js', import.meta.url);
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const w = new Worker(script, { workerData: { module: fn.module.href, name: fn.name } });
      const feed = () => {
        if (next >= jobs.length) {
          void w.terminate().then(() => resolve(), reject);
          return;
        }
        const index = next++;
        w.postMessage({ index, job: jobs[index] });
      };
      w.on(
        'message',
        (
          m:
            | { type: 'progress'; units: number }
            | { type: 'result'; index: number; result: R }
            | { type: 'error'; error: unknown },
        ) => {
          if (m.type === 'progress') report(m.units);
          else if (m.type === 'result') {
            results[m.index] = m.result;
            feed();
          } else {
            void w.terminate();
            reject(m.error);
          }
        },
      );
      w.on('error', reject);
      feed();
    });
  await Promise.all(Array.from({ length: workers }, runWorker));
  return results;
}
