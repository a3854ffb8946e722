import type { Mat } from '../linalg/mat.js';
import { normals, type Rng } from '../random/rng.js';

/** The pair of linear teachers of a fine-tuning task (FINETUNE.md §3). */
export interface TeacherPair {
  /** W_S, N3×N1 with ‖W_S‖_F = sourceNorm. */
  readonly source: Mat;
  /** W_T = targetScale·‖W_S‖·(cos φ·Ŵ_S + sin φ·r), r a unit matrix ⊥ Ŵ_S. */
  readonly target: Mat;
}

/** What sets the teachers: source norm, target scale relative to it and the source–target angle φ (radians). */
export interface TeacherSpec {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly sourceNorm: number;
  readonly targetScale: number;
  readonly targetAngle: number;
}

/**
 * Draws W_S (Gaussian direction from stream `source`, scaled to ‖W_S‖_F = sourceNorm) and W_T at
 * angle φ from it: r is a Gaussian draw from stream `direction`, made orthogonal to Ŵ_S and unit.
 */
export function drawTeachers(spec: TeacherSpec, rng: Rng): TeacherPair {
  const { inputDim: n1, outputDim: n3 } = spec;
  const size = n1 * n3;
  const hat = unit(normals(rng.fork('source'), size));
  const r = normals(rng.fork('direction'), size);
  if (size > 1) {
    // Two passes of Gram–Schmidt keep r ⊥ Ŵ_S to rounding.
    for (let pass = 0; pass < 2; pass++) {
      let d = 0;
      for (let i = 0; i < size; i++) d += r[i] * hat[i];
      for (let i = 0; i < size; i++) r[i] -= d * hat[i];
    }
  } else if (Math.abs(Math.sin(spec.targetAngle)) > 1e-15) {
    throw new RangeError(
      'targetAngle: a 1×1 teacher has no orthogonal direction; allowed: 0 or π when inputDim·outputDim = 1',
    );
  }
  const rHat = size > 1 ? unit(r) : new Float64Array(1);
  const source = new Float64Array(size);
  const target = new Float64Array(size);
  const c = Math.cos(spec.targetAngle);
  const s = Math.sin(spec.targetAngle);
  const t = spec.targetScale * spec.sourceNorm;
  for (let i = 0; i < size; i++) {
    source[i] = spec.sourceNorm * hat[i];
    target[i] = t * (c * hat[i] + s * rHat[i]);
  }
  return { source: { rows: n3, cols: n1, data: source }, target: { rows: n3, cols: n1, data: target } };
}

function unit(v: Float64Array): Float64Array {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s);
  if (!(n > 0)) throw new RangeError('drawTeachers: a zero Gaussian draw');
  return v.map((x) => x / n);
}
