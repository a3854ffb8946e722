import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { threadArena } from '../kernels/arena.js';
import { encodeProgram, runSharedSegment, shareProgram, type Program, type SharedProgram } from '../kernels/program.js';
import type { WasmMemory } from '../kernels/wasmModule.js';
import type { ProgramTeam } from '../network/trainer.js';
import { CMD, CTRL, createBarrier, waitUntil } from './barrier.js';

/** Largest encoded program a team accepts (float64 count). */
const PROGRAM_CAPACITY = 16384;
/** Claim counters of a team: one per op of a shared program's lists. */
const CLAIM_SLOTS = 2048;

/** A team: this thread plus size − 1 helpers sharing its kernel arena, meeting at a barrier after every op. */
export interface ThreadTeam extends ProgramTeam {
  /** True once every helper is running. */
  isReady(): boolean;
  /** Stops the helpers; the team is unusable afterwards. */
  close(): Promise<void>;
}

/** The compiled helper script, or undefined when running from TypeScript sources. */
function helperScript(): URL | undefined {
  if (!import.meta.url.endsWith('.js')) return undefined;
  const url = new URL('./teamWorker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/** Helpers that have not started after this long are given up on (the run goes on alone). */
const READY_TIMEOUT_MS = 10_000;

/**
 * Starts size − 1 helper threads that share the row blocks of every kernel op with this thread
 * (each claims blocks until none is left, then all meet at a barrier; every element is computed
 * exactly as on one thread, so results are byte-identical). Returns at once: the helpers start while this
 * thread keeps working, and the first `load` waits for them (loading fails, and the caller
 * runs alone, if they do not start). Undefined when a team cannot be made: size < 2, no
 * WebAssembly kernels, or no compiled helper script (running from TypeScript sources).
 */
export function startTeam(size: number): ThreadTeam | undefined {
  const arena = threadArena();
  const script = helperScript();
  if (size < 2 || !arena || !script) return undefined;
  const ctrl = new Int32Array(new SharedArrayBuffer(4 * CTRL.length));
  const prog = new Float64Array(new SharedArrayBuffer(8 * PROGRAM_CAPACITY));
  const claims = new Int32Array(new SharedArrayBuffer(4 * CLAIM_SLOTS));
  const workers: Worker[] = [];
  for (let tid = 1; tid < size; tid++) {
    const w = new Worker(script, { workerData: { memory: arena.memory, ctrl, prog, claims, size } });
    w.on('error', () => {});
    w.unref();
    workers.push(w);
  }
  const barrier = createBarrier(ctrl, size);
  let shared: SharedProgram | undefined;
  let seen = new Int32Array(0);
  let state: 'starting' | 'ready' | 'failed' = 'starting';
  const command = (cmd: number, count = 0, withA = false) => {
    Atomics.store(ctrl, CTRL.cmd, cmd);
    Atomics.store(ctrl, CTRL.count, count);
    Atomics.store(ctrl, CTRL.withA, withA ? 1 : 0);
    Atomics.add(ctrl, CTRL.gen, 1);
    Atomics.notify(ctrl, CTRL.gen);
  };
  const ready = (timeoutMs: number) => {
    if (state === 'starting') {
      state = waitUntil(ctrl, CTRL.ready, (x) => x === size - 1, timeoutMs) ? 'ready' : 'starting';
      if (state === 'starting' && timeoutMs >= READY_TIMEOUT_MS) state = 'failed';
    }
    return state === 'ready';
  };
  return {
    size,
    isReady: () => ready(0),
    load(p: Program, memory: WasmMemory | null): boolean {
      if (memory !== arena.memory || !ready(READY_TIMEOUT_MS)) return false;
      const code = encodeProgram(p);
      const s = shareProgram(p);
      if (code.length > PROGRAM_CAPACITY || s.slots > CLAIM_SLOTS) return false;
      prog.set(code);
      claims.fill(0);
      shared = s;
      seen = new Int32Array(s.slots);
      command(CMD.load);
      barrier();
      return true;
    },
    runSegment(count: number, withA: boolean): void {
      if (!shared) throw new Error('thread team: no program loaded');
      command(CMD.run, count, withA);
      runSharedSegment(arena.heap, arena.kernels, shared, { claims, seen, threads: size, barrier }, count, withA);
    },
    async close(): Promise<void> {
      if (state === 'ready' || ready(0)) {
        // Helpers are unref'd; ref them so the event loop waits for their exit.
        const exits = workers.map((w) => {
          w.ref();
          return new Promise<void>((resolve) => w.once('exit', () => resolve()));
        });
        command(CMD.exit);
        await Promise.all(exits);
      } else {
        await Promise.all(workers.map((w) => (w.ref(), w.terminate())));
      }
    },
  };
}

/** `startTeam`, resolved once every helper is running (undefined if they cannot start). */
export async function createTeam(size: number): Promise<ThreadTeam | undefined> {
  const team = startTeam(size);
  if (!team) return undefined;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  // Poll without blocking this thread's event loop (helpers report through shared memory).
  while (!team.isReady()) {
    if (Date.now() > deadline) {
      await team.close();
      return undefined;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  return team;
}
