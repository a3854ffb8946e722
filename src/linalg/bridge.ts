import { Matrix } from 'ml-matrix';
import type { Mat } from './mat.js';

/** Converts to an ml-matrix Matrix (copies). */
export function toMl(m: Mat): Matrix {
  return Matrix.from1DArray(m.rows, m.cols, m.data);
}

/** Converts an ml-matrix Matrix to a Mat (copies). */
export function fromMl(x: Matrix): Mat {
  return { rows: x.rows, cols: x.columns, data: Float64Array.from(x.to1DArray()) };
}
