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
  if (depth === 2) return twoFactorTrajectory(sHat, spec);
  const a = new Float64Array(depth).fill(Math.pow(spec.initScale, 1 / depth));
  const old = new Float64Array(depth);
  const out: number[] = [];
  // ∏a in index order starting from 1 (a plain loop: the same products as a reduce, without its callback).
  const product = (x: Float64Array): number => {
    let p = 1;
    for (let i = 0; i < x.length; i++) p *= x[i];
    return p;
  };
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

/**
 * (3.9) for D_w = 2 in a tight loop with the same floating-point operations as the generic loop
 * above (1·a·b is a·b exactly), so bit-identical to it and about 4× faster: e = ŝ − c·ab,
 * a += λe·b, b += λe·a (the new a when sequential).
 */
function twoFactorTrajectory(sHat: number, spec: RecursionSpec): number[] {
  const lr = spec.learningRate;
  const c = spec.inputScale ?? 1;
  const sequential = spec.update === 'sequential';
  let a = Math.pow(spec.initScale, 1 / 2);
  let b = a;
  const out: number[] = [];
  for (let t = 0; ; t++) {
    if (t % spec.reportEvery === 0) out.push(a * b);
    if (t >= spec.epochs) break;
    const err = sHat - c * (a * b);
    const a0 = a;
    a = a0 + lr * err * b;
    b = b + lr * err * (sequential ? a : a0);
  }
  return out;
}
