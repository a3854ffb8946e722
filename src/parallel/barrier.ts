/** Slots of a team's control block (an Int32Array on a SharedArrayBuffer). */
export const CTRL = { gen: 0, cmd: 1, count: 2, withA: 3, arrived: 4, sense: 5, ready: 6, length: 8 } as const;

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
  if (!waitUntil(ctrl, slot, (x) => x !== value, bounded ? TIMEOUT_MS : Infinity)) {
    throw new Error('thread team: a helper thread stopped responding');
  }
}

/** Waits (spin, then sleep) until `ok(ctrl[slot])`; false when `timeoutMs` passes first. */
export function waitUntil(ctrl: Int32Array, slot: number, ok: (x: number) => boolean, timeoutMs: number): boolean {
  for (let i = 0; i < SPINS; i++) if (ok(Atomics.load(ctrl, slot))) return true;
  const start = Date.now();
  for (;;) {
    const x = Atomics.load(ctrl, slot);
    if (ok(x)) return true;
    if (Date.now() - start > timeoutMs) return false;
    Atomics.wait(ctrl, slot, x, 100);
  }
}
