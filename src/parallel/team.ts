import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { threadArena } from '../kernels/arena.js';
import { encodeProgram, runSegment, type Program } from '../kernels/program.js';
import type { WasmMemory } from '../kernels/wasmModule.js';
import type { ProgramTeam } from '../network/trainer.js';
import { CMD, CTRL, createBarrier } from './barrier.js';

/** Largest encoded program a team accepts (float64 count). */
const PROGRAM_CAPACITY = 16384;

/** A lockstep team: this thread plus size − 1 helpers sharing its kernel arena. */
export interface ThreadTeam extends ProgramTeam {
  /** Stops the helpers; the team is unusable afterwards. */
  close(): Promise<void>;
}

/** The compiled helper script, or undefined when running from TypeScript sources. */
function helperScript(): URL | undefined {
  if (!import.meta.url.endsWith('.js')) return undefined;
  const url = new URL('./teamWorker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * Starts size − 1 helper threads that run their rows of every kernel program in lockstep with
 * this thread (output rows split in blocks of four; every element is computed exactly as on
 * one thread, so results are byte-identical). Resolves to undefined when a team cannot be
 * made: size < 2, no WebAssembly kernels, or no compiled helper script (running from sources).
 */
export async function createTeam(size: number): Promise<ThreadTeam | undefined> {
  const arena = threadArena();
  const script = helperScript();
  if (size < 2 || !arena || !script) return undefined;
  const ctrl = new Int32Array(new SharedArrayBuffer(4 * CTRL.length));
  const prog = new Float64Array(new SharedArrayBuffer(8 * PROGRAM_CAPACITY));
  const workers: Worker[] = [];
  try {
    for (let tid = 1; tid < size; tid++) {
      const w = new Worker(script, { workerData: { memory: arena.memory, ctrl, prog, tid, size } });
      workers.push(w);
      await new Promise<void>((resolve, reject) => {
        w.once('message', () => resolve());
        w.once('error', reject);
        w.once('exit', (code) => reject(new Error(`team helper exited with code ${code}`)));
      });
      w.removeAllListeners('error');
      w.removeAllListeners('exit');
      w.on('error', () => {});
    }
  } catch {
    await Promise.all(workers.map((w) => w.terminate()));
    return undefined;
  }
  const barrier = createBarrier(ctrl, size);
  let program: Program | undefined;
  const command = (cmd: number, count = 0, withA = false) => {
    Atomics.store(ctrl, CTRL.cmd, cmd);
    Atomics.store(ctrl, CTRL.count, count);
    Atomics.store(ctrl, CTRL.withA, withA ? 1 : 0);
    Atomics.add(ctrl, CTRL.gen, 1);
    Atomics.notify(ctrl, CTRL.gen);
  };
  return {
    size,
    load(p: Program, memory: WasmMemory | null): boolean {
      if (memory !== arena.memory) return false;
      const code = encodeProgram(p);
      if (code.length > PROGRAM_CAPACITY) return false;
      prog.set(code);
      program = p;
      command(CMD.load);
      barrier();
      return true;
    },
    runSegment(count: number, withA: boolean): void {
      if (!program) throw new Error('thread team: no program loaded');
      command(CMD.run, count, withA);
      runSegment(arena.heap, arena.kernels, program, count, withA, 0, size, barrier);
    },
    async close(): Promise<void> {
      command(CMD.exit);
      await Promise.all(workers.map((w) => new Promise<void>((resolve) => w.once('exit', () => resolve()))));
    },
  };
}
