import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type { Mat } from '../linalg/mat.js';
import { normals, type Rng } from '../random/rng.js';

/** f(x) = (1/√m) Σ_j a_j relu(w_jᵀx): hidden weights W (m×N1, row j = w_j) and output weights a (length m). */
export interface ShallowRelu {
  readonly hidden: Mat;
  readonly output: Float64Array;
}

/** A shallow ReLU net in the NTK parametrisation: w_j ~ N(0, I/N1), a_j ~ N(0, 1), from streams `hidden` and `output`. */
export function drawShallowRelu(width: number, inputDim: number, rng: Rng): ShallowRelu {
  return {
    hidden: {
      rows: width,
      cols: inputDim,
      data: normals(rng.fork('hidden'), width * inputDim, 1 / Math.sqrt(inputDim)),
    },
    output: normals(rng.fork('output'), width),
  };
}

/** f(x; θ) at each column of x (N1×P). */
export function reluOutput(net: ShallowRelu, x: Mat): Float64Array {
  const pre = preActivations(net, x);
  const m = net.hidden.rows;
  const out = new Float64Array(x.cols);
  for (let j = 0; j < m; j++)
    for (let c = 0; c < x.cols; c++) out[c] += net.output[j] * Math.max(0, pre.data[j * x.cols + c]);
  const k = 1 / Math.sqrt(m);
  for (let c = 0; c < x.cols; c++) out[c] *= k;
  return out;
}

/**
 * ∇_θ f at each column of x, as the columns of a (m·N1 + m)×P matrix: first ∂f/∂W (row-major in (j, i):
 * a_j·1[w_jᵀx > 0]·x_i/√m), then ∂f/∂a_j = relu(w_jᵀx)/√m. θ is flattened in the same order.
 */
export function tangentFeatures(net: ShallowRelu, x: Mat): Mat {
  const m = net.hidden.rows;
  const n1 = net.hidden.cols;
  const p = x.cols;
  const pre = preActivations(net, x);
  const k = 1 / Math.sqrt(m);
  const rows = m * n1 + m;
  const data = new Float64Array(rows * p);
  for (let j = 0; j < m; j++) {
    for (let c = 0; c < p; c++) {
      const z = pre.data[j * p + c];
      if (z > 0) {
        const g = net.output[j] * k;
        for (let i = 0; i < n1; i++) data[(j * n1 + i) * p + c] = g * x.data[i * p + c];
        data[(m * n1 + j) * p + c] = z * k;
      }
    }
  }
  return { rows, cols: p, data };
}

/** (A7) the tangent kernel K(x, x') = ∇f(x;θ)ᵀ∇f(x';θ) = (1/m) Σ_j [relu(w_jᵀx)relu(w_jᵀx') + a_j²·1[w_jᵀx>0]1[w_jᵀx'>0]·xᵀx'], P1×P2. */
export function tangentKernel(net: ShallowRelu, x1: Mat, x2: Mat): Mat {
  const m = net.hidden.rows;
  const n1 = net.hidden.cols;
  const p1 = x1.cols;
  const p2 = x2.cols;
  const z1 = preActivations(net, x1);
  const z2 = preActivations(net, x2);
  const out = new Float64Array(p1 * p2);
  for (let a = 0; a < p1; a++) {
    for (let b = 0; b < p2; b++) {
      let dotX = 0;
      for (let i = 0; i < n1; i++) dotX += x1.data[i * p1 + a] * x2.data[i * p2 + b];
      let s = 0;
      for (let j = 0; j < m; j++) {
        const u = z1.data[j * p1 + a];
        const v = z2.data[j * p2 + b];
        if (u > 0 && v > 0) s += u * v + net.output[j] * net.output[j] * dotX;
      }
      out[a * p2 + b] = s / m;
    }
  }
  return { rows: p1, cols: p2, data: out };
}

/**
 * (A7): the lazy-regime fine-tuned function f_∞(x) = f_S(x) + K(x, X) K(X, X)⁻¹ (y − f_S(X)) at the columns of
 * `at`, the interpolant nearest to f_S in the tangent kernel's RKHS, with f_S the net's own function.
 */
export function lazyFineTuned(net: ShallowRelu, x: Mat, y: ArrayLike<number>, at: Mat): Float64Array {
  return lazyFineTunedFrom(net, { train: reluOutput(net, x), at: reluOutput(net, at) }, x, y, at);
}

/**
 * (A7) with a given base function: f_∞ = base(at) + K(at, X) K(X, X)⁻¹ (y − base(X)), K the tangent kernel of `net`.
 * K(X, X) is solved by Cholesky; a kernel matrix that is not numerically positive definite (duplicate or dead inputs)
 * is an error.
 */
export function lazyFineTunedFrom(
  net: ShallowRelu,
  base: { readonly train: ArrayLike<number>; readonly at: ArrayLike<number> },
  x: Mat,
  y: ArrayLike<number>,
  at: Mat,
): Float64Array {
  const kxx = tangentKernel(net, x, x);
  const residual = Array.from({ length: x.cols }, (_, i) => [y[i] - base.train[i]]);
  const chol = new CholeskyDecomposition(new Matrix(toRows(kxx)));
  if (!chol.isPositiveDefinite())
    throw new RangeError('lazyFineTuned: the tangent kernel on the training inputs is not positive definite');
  const coef = chol.solve(new Matrix(residual));
  const kax = tangentKernel(net, at, x);
  const out = Float64Array.from(base.at);
  for (let a = 0; a < at.cols; a++)
    for (let c = 0; c < x.cols; c++) out[a] += kax.data[a * x.cols + c] * coef.get(c, 0);
  return out;
}

function preActivations(net: ShallowRelu, x: Mat): Mat {
  const m = net.hidden.rows;
  const n1 = net.hidden.cols;
  if (x.rows !== n1) throw new RangeError(`shallow ReLU: inputs have ${x.rows} rows, the net expects ${n1}`);
  const p = x.cols;
  const data = new Float64Array(m * p);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n1; i++) {
      const w = net.hidden.data[j * n1 + i];
      if (w === 0) continue;
      for (let c = 0; c < p; c++) data[j * p + c] += w * x.data[i * p + c];
    }
  }
  return { rows: m, cols: p, data };
}

function toRows(m: Mat): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}
