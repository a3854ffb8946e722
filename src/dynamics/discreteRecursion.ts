import type { UpdateOrder } from '../config/simulationConfig.js';

/** Settings of the per-mode discrete recursion (3.9). */
export interface RecursionSpec {
  /** ε, initial strength of the mode's end-to-end map (each of the D_w factors starts at ε^(1/D_w)). */
  readonly initScale: number;
  readonly learningRate: number;
  /** D_w, number of weight matrices. */
  readonly depth: number;
  readonly update: UpdateOrder;
  readonly epochs: number;
  readonly reportEvery: number;
  /** c with Σ11 = c·I (1 for P = N1; D = P/N1 for P > N1 orthogonal inputs). */
  readonly inputScale?: number;
}

/**
 * Exact discrete dynamics of one decoupled mode under GD (3.9), for any depth: the D_w
 * factors a_l start at ε^(1/D_w); each epoch e = ŝ − c·∏a, then a_l += λ e ∏_{m≠l} a_m, with
 * the lower factors already updated (`sequential`) or not (`simultaneous`). Returns ∏a at
 * epochs 0, r, 2r, … ≤ epochs.
 */
export function discreteModeTrajectory(sHat: number, spec: RecursionSpec): number[] {
  const { depth, learningRate: lr, epochs, reportEvery } = spec;
  const c = spec.inputScale ?? 1;
  const a = new Float64Array(depth).fill(Math.pow(spec.initScale, 1 / depth));
  const old = new Float64Array(depth);
  const out: number[] = [];
  const product = (x: Float64Array): number => x.reduce((p, v) => p * v, 1);
  for (let t = 0; ; t++) {
    if (t % reportEvery === 0) out.push(product(a));
    if (t >= epochs) break;
    const err = sHat - c * product(a);
    old.set(a);
    for (let l = 0; l < depth; l++) {
      let others = 1;
      for (let m = 0; m < depth; m++) {
        if (m === l) continue;
        others *= m < l && spec.update === 'sequential' ? a[m] : old[m];
      }
      a[l] = old[l] + lr * err * others;
    }
  }
  return out;
}
