import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import { normals, type Rng } from '../random/rng.js';
import type { Covariance } from './covariance.js';

/** P samples of a linear teacher: inputs X = Σ^{1/2}G (N1×P, G standard normal) and targets y = WX + z, z ~ N(0, σ²) entrywise. */
export interface Samples {
  readonly x: Mat;
  /** The noise z, N3×P. */
  readonly noise: Mat;
  /** y = WX + z, N3×P. */
  readonly y: Mat;
}

/** Draws X from stream `inputs` and z from stream `noise` of `rng` (so changing noiseStd leaves X unchanged). */
export function drawSamples(
  teacher: Mat,
  covariance: Covariance,
  examples: number,
  noiseStd: number,
  rng: Rng,
): Samples {
  const n1 = teacher.cols;
  const g: Mat = { rows: n1, cols: examples, data: normals(rng.fork('inputs'), n1 * examples) };
  const x = matmul(covariance.sqrt, g);
  const noise: Mat = {
    rows: teacher.rows,
    cols: examples,
    data: normals(rng.fork('noise'), teacher.rows * examples, noiseStd),
  };
  const y = matmul(teacher, x);
  for (let i = 0; i < y.data.length; i++) y.data[i] += noise.data[i];
  return { x, noise, y };
}
