// Helper thread of a ThreadTeam (team.ts): runs its rows of each loaded kernel program.
import { parentPort, workerData } from 'node:worker_threads';
import { kernelModule, instantiateKernels, type WasmMemory } from '../kernels/wasmModule.js';
import { decodeProgram, runSegment, type Program } from '../kernels/program.js';
import { CMD, CTRL, createBarrier, waitWhile } from './barrier.js';

const { memory, ctrl, prog, tid, size } = workerData as {
  memory: WasmMemory;
  ctrl: Int32Array;
  prog: Float64Array;
  tid: number;
  size: number;
};
const module = kernelModule();
if (!module) throw new Error('team helper: WebAssembly kernels unavailable');
const kernels = instantiateKernels(module, memory);
const heap = new Float64Array(0); // the WebAssembly kernels address the shared memory directly
const barrier = createBarrier(ctrl, size);
let program: Program | undefined;
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
    program = decodeProgram(prog);
    barrier();
  } else if (cmd === CMD.run) {
    runSegment(
      heap,
      kernels,
      program!,
      Atomics.load(ctrl, CTRL.count),
      Atomics.load(ctrl, CTRL.withA) === 1,
      tid,
      size,
      barrier,
    );
  }
}
