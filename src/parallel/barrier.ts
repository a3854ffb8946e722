/** Slots of a team's control block (an Int32Array on a SharedArrayBuffer). */
export const CTRL = { gen: 0, cmd: 1, count: 2, withA: 3, arrived: 4, sense: 5, length: 8 } as const;

/** Commands a team's helpers act on when `gen` changes. */
export const CMD = { load: 1, run: 2, exit: 3 } as const;

/** Spins before sleeping on the futex: a barrier is crossed every few microseconds. */
const SPINS = 1 << 12;
/** A helper or the host waiting this long means a thread died: fail instead of hanging. */
const TIMEOUT_MS = 120_000;

/**
 * A reusable sense-reversing barrier for `size` threads over `ctrl`: spin, then
 * Atomics.wait. Each thread keeps its own sense in the returned closure.
 */
export function createBarrier(ctrl: Int32Array, size: number): () => void {
  let sense = Atomics.load(ctrl, CTRL.sense);
  return () => {
    sense ^= 1;
    if (Atomics.add(ctrl, CTRL.arrived, 1) === size - 1) {
      Atomics.store(ctrl, CTRL.arrived, 0);
      Atomics.store(ctrl, CTRL.sense, sense);
      Atomics.notify(ctrl, CTRL.sense);
      return;
    }
    waitWhile(ctrl, CTRL.sense, sense ^ 1);
  };
}

/** Blocks while ctrl[slot] === value (spin first, then sleep); with `bounded`, fails after TIMEOUT_MS. */
export function waitWhile(ctrl: Int32Array, slot: number, value: number, bounded = true): void {
  for (let i = 0; i < SPINS; i++) if (Atomics.load(ctrl, slot) !== value) return;
  const start = Date.now();
  while (Atomics.load(ctrl, slot) === value) {
    Atomics.wait(ctrl, slot, value, 1000);
    if (bounded && Date.now() - start > TIMEOUT_MS) throw new Error('thread team: a helper thread stopped responding');
  }
}
