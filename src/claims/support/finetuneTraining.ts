import type { RegressionProblem } from '../../finetune/train.js';
import type { Mat } from '../../linalg/mat.js';
import { createRng, normals } from '../../random/rng.js';

/** X with each input coordinate divided by its root mean square over the P samples (a preprocessing mistake: it moves span(X)). */
export function standardisedInputs(problem: RegressionProblem): RegressionProblem {
  const { x } = problem;
  const data = new Float64Array(x.data);
  for (let i = 0; i < x.rows; i++) {
    let s = 0;
    for (let j = 0; j < x.cols; j++) s += x.data[i * x.cols + j] ** 2;
    const rms = Math.sqrt(s / x.cols) || 1;
    for (let j = 0; j < x.cols; j++) data[i * x.cols + j] /= rms;
  }
  return { ...problem, x: { ...x, data } };
}

/** X plus seeded N(0, (1e-3·rms X)²) jitter (a data-augmentation mistake: the gradients leave span(X)). */
export function jitteredInputs(problem: RegressionProblem): RegressionProblem {
  const { x } = problem;
  let s = 0;
  for (const v of x.data) s += v * v;
  const jitter = normals(createRng('jitter'), x.data.length, 1e-3 * Math.sqrt(s / x.data.length));
  const data = x.data.map((v, i) => v + jitter[i]);
  return { ...problem, x: { ...x, data } as Mat };
}
