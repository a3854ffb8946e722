import type { Mat } from '../linalg/mat.js';
import { frobeniusSq } from '../linalg/norms.js';
import { svd } from '../linalg/svd.js';
import type { Task, TaskSpec } from './task.js';

/** φ(a) = a for a > 0, slope·a otherwise: the teachers' leaky ReLU (§8.7). */
function leaky(a: number, slope: number): number {
  return a > 0 ? a : slope * a;
}

/**
 * The outputs on the one-hot inputs e_1 … e_N1 of the leaky-ReLU teacher of THEORY.md §8.7 (§10 F11): each
 * mode α is a small network with one hidden unit, φ(v̄_αᵀx), and outputs φ(s̄_α ū_α φ(v̄_αᵀx)), and the
 * teacher is their sum, so column n is Σ_α φ(s̄_α ū_α φ(V̄_nα)). With slope 1 this is W̄ = Ū diag(s̄) V̄ᵀ.
 */
export function leakyTeacherOutputs(uBar: Mat, sBar: Float64Array, vBar: Mat, slope: number): Mat {
  const n3 = uBar.rows;
  const n1 = vBar.rows;
  const rank = sBar.length;
  const out = new Float64Array(n3 * n1);
  for (let k = 0; k < rank; k++) {
    for (let n = 0; n < n1; n++) {
      const h = leaky(vBar.data[n * rank + k], slope);
      for (let i = 0; i < n3; i++) out[i * n1 + n] += leaky(sBar[k] * uBar.data[i * rank + k] * h, slope);
    }
  }
  return { rows: n3, cols: n1, data: out };
}

/**
 * A one-hot task (X = I, P = N1) whose teacher is given by its outputs T on the inputs: Ŷ = T + Z,
 * Σ11 = I, Σ31 = Ŷ, ‖T‖² the test-error normaliser (1.6)–(1.7). `factors` are the Ū, s̄, V̄ inside the
 * teacher (for a nonlinear teacher T is not Ū diag(s̄) V̄ᵀ).
 */
export function oneHotTaskFromOutputs(
  spec: TaskSpec,
  teacher: Mat,
  noise: Mat,
  factors: { readonly uBar: Mat; readonly sBar: Float64Array; readonly vBar: Mat },
  x: Mat,
): Task {
  if (spec.inputs !== 'onehot' || spec.examples !== spec.inputDim)
    throw new RangeError(`a teacher given by its outputs needs one-hot inputs with examples = inputDim (§8.7)`);
  const y = { rows: teacher.rows, cols: teacher.cols, data: new Float64Array(teacher.data) };
  for (let i = 0; i < y.data.length; i++) y.data[i] += noise.data[i];
  const sigma31 = { ...y, data: new Float64Array(y.data) };
  return {
    spec,
    teacher,
    ...factors,
    x,
    noise,
    y,
    sigma11Kind: 'identity',
    sigma11Scale: 1,
    sigma11: { ...x, data: new Float64Array(x.data) },
    sigma31,
    teacherNormSq: frobeniusSq(teacher),
    targetNormSq: frobeniusSq(y),
    unfittableSq: 0,
    svd31: svd(sigma31),
  };
}
