// Worker of mapInWorkers (pool.ts): runs the named job function on each job it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import type { JobFn } from './pool.js';

const { module, name } = workerData as { module: string; name: string };
const fn = (await import(module))[name] as JobFn<unknown, unknown>;
const report = (units: number) => parentPort!.postMessage({ type: 'progress', units });
parentPort!.on('message', async ({ index, job }: { index: number; job: unknown }) => {
  try {
    parentPort!.postMessage({ type: 'result', index, result: await fn(job, report) });
  } catch (error) {
    parentPort!.postMessage({ type: 'error', error });
  }
});
