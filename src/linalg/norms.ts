import { assertSameShape, type Mat } from './mat.js';

/** Squared Frobenius norm ‖A‖²_F. */
export function frobeniusSq(a: Mat): number {
  let s = 0;
  const d = a.data;
  for (let i = 0; i < d.length; i++) s += d[i] * d[i];
  return s;
}

/** Frobenius norm ‖A‖_F. */
export function frobenius(a: Mat): number {
  return Math.sqrt(frobeniusSq(a));
}

/** Squared Frobenius distance ‖A − B‖²_F, without forming A − B. */
export function frobeniusDistSq(a: Mat, b: Mat): number {
  assertSameShape(a, b, 'frobeniusDistSq');
  let s = 0;
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - y[i];
    s += d * d;
  }
  return s;
}

/** Frobenius inner product ⟨A, B⟩ = tr(AᵀB). */
export function frobeniusDot(a: Mat, b: Mat): number {
  assertSameShape(a, b, 'frobeniusDot');
  let s = 0;
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** Largest absolute entry max|A_ij|. */
export function maxAbs(a: Mat): number {
  let m = 0;
  const d = a.data;
  for (let i = 0; i < d.length; i++) {
    const v = Math.abs(d[i]);
    if (v > m || v !== v) m = v; // NaN propagates
  }
  return m;
}

/** Dot product of two vectors. */
export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new RangeError(`dot: lengths ${x.length} and ${y.length} differ`);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}
