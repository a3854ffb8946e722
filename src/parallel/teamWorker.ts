// Helper thread of a ThreadTeam (team.ts): claims row blocks of each op of the loaded kernel program.
import { parentPort, workerData } from 'node:worker_threads';
import { kernelModule, instantiateKernels, type WasmMemory } from '../kernels/wasmModule.js';
import { decodeProgram, runSharedSegment, shareProgram, type SharedProgram } from '../kernels/program.js';
import { CMD, CTRL, createBarrier, waitWhile } from './barrier.js';

const { memory, ctrl, prog, claims, size } = workerData as {
  memory: WasmMemory;
  ctrl: Int32Array;
  prog: Float64Array;
  claims: Int32Array;
  size: number;
};
const module = kernelModule();
if (!module) throw new Error('team helper: WebAssembly kernels unavailable');
const kernels = instantiateKernels(module, memory);
const heap = new Float64Array(0); // the WebAssembly kernels address the shared memory directly
const barrier = createBarrier(ctrl, size);
let shared: SharedProgram | undefined;
let seen = new Int32Array(0);
let gen = Atomics.load(ctrl, CTRL.gen);
Atomics.add(ctrl, CTRL.ready, 1);
Atomics.notify(ctrl, CTRL.ready);
parentPort!.postMessage('ready');
for (;;) {
  waitWhile(ctrl, CTRL.gen, gen, false);
  gen = Atomics.load(ctrl, CTRL.gen);
  const cmd = Atomics.load(ctrl, CTRL.cmd);
  if (cmd === CMD.exit) break;
  if (cmd === CMD.load) {
    shared = shareProgram(decodeProgram(prog));
    seen = new Int32Array(shared.slots);
    barrier();
  } else if (cmd === CMD.run) {
    runSharedSegment(
      heap,
      kernels,
      shared!,
      { claims, seen, threads: size, barrier },
      Atomics.load(ctrl, CTRL.count),
      Atomics.load(ctrl, CTRL.withA) === 1,
    );
  }
}
