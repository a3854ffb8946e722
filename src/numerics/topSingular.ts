/** A dense row-major matrix (structurally the linalg layer's Mat; numerics imports nothing above it). */
export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A source of standard normal draws (structurally the random layer's Rng). */
export interface NormalSource {
  normal(): number;
}

/** The top singular triplet of a matrix. */
export interface TopTriplet {
  readonly s: number;
  readonly u: Float64Array;
  readonly v: Float64Array;
}

/** y = M x (M is rows×cols, x of length cols). */
function mulVec(m: DenseMatrix, x: Float64Array, y: Float64Array): void {
  const { rows, cols, data } = m;
  for (let i = 0; i < rows; i++) {
    let acc = 0;
    const o = i * cols;
    for (let j = 0; j < cols; j++) acc += data[o + j] * x[j];
    y[i] = acc;
  }
}

/** y = Mᵀ x (x of length rows). */
function mulTVec(m: DenseMatrix, x: Float64Array, y: Float64Array): void {
  const { rows, cols, data } = m;
  y.fill(0);
  for (let i = 0; i < rows; i++) {
    const xi = x[i];
    const o = i * cols;
    for (let j = 0; j < cols; j++) y[j] += data[o + j] * xi;
  }
}

/**
 * Top singular triplet of M (rows ≤ cols) by Lanczos on MMᵀ with full reorthogonalisation,
 * started from a random unit vector drawn from `rng`: stops when the Ritz residual β_k|y_k| is below
 * `relTol`·λ (the eigenvalue is then accurate to about relTol², the vectors to relTol relative
 * to the spectral gap), or after `rows` steps, where the Krylov space is the whole space and
 * the result is exact to rounding. Costs two matrix–vector products per step instead of an
 * O(rows³) decomposition (F2 draws N3 up to 1000).
 */
export function topSingularTriplet(m: DenseMatrix, rng: NormalSource, relTol = 1e-10): TopTriplet {
  if (m.rows > m.cols) throw new RangeError(`topSingularTriplet: needs rows ≤ cols, got ${m.rows}×${m.cols}`);
  const op: MatrixOperator = {
    rows: m.rows,
    cols: m.cols,
    mul: (x, y) => mulVec(m, x, y),
    mulT: (x, y) => mulTVec(m, x, y),
  };
  return topSingularTripletOf(op, rng, relTol);
}

/** A rows×cols matrix known only by its products: `mul` y = Mx (x of length cols), `mulT` y = Mᵀx (x of length rows). */
export interface MatrixOperator {
  readonly rows: number;
  readonly cols: number;
  mul(x: Float64Array, y: Float64Array): void;
  mulT(x: Float64Array, y: Float64Array): void;
}

/**
 * Largest eigenvalue of the symmetric tridiagonal (alpha, beta) by Sturm bisection to 4 ulp and its
 * vector by inverse iteration with the shift just above it (T − σI negative definite: elimination
 * without pivoting is stable).
 */
function topOfTridiagonal(alpha: Float64Array, beta: Float64Array, k: number): { value: number; vector: Float64Array } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < k; i++) {
    const r = (i > 0 ? Math.abs(beta[i - 1]) : 0) + (i + 1 < k ? Math.abs(beta[i]) : 0);
    lo = Math.min(lo, alpha[i] - r);
    hi = Math.max(hi, alpha[i] + r);
  }
  const below = (x: number) => {
    let count = 0;
    let d = 1;
    for (let i = 0; i < k; i++) {
      d = alpha[i] - x - (i > 0 ? (beta[i - 1] * beta[i - 1]) / d : 0);
      if (d === 0) d = -1e-300;
      if (d < 0) count++;
    }
    return count;
  };
  for (let it = 0; it < 200 && hi - lo > 4 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi)); it++) {
    const mid = (lo + hi) / 2;
    if (below(mid) === k) hi = mid;
    else lo = mid;
  }
  const shift = hi + 8 * Number.EPSILON * Math.max(Math.abs(hi), 1e-300);
  let x = new Float64Array(k).fill(1);
  const c = new Float64Array(k);
  const d = new Float64Array(k);
  for (let pass = 0; pass < 3; pass++) {
    let piv = alpha[0] - shift;
    c[0] = k > 1 ? beta[0] / piv : 0;
    d[0] = x[0] / piv;
    for (let i = 1; i < k; i++) {
      piv = alpha[i] - shift - beta[i - 1] * c[i - 1];
      c[i] = i + 1 < k ? beta[i] / piv : 0;
      d[i] = (x[i] - beta[i - 1] * d[i - 1]) / piv;
    }
    const y = new Float64Array(k);
    y[k - 1] = d[k - 1];
    for (let i = k - 2; i >= 0; i--) y[i] = d[i] - c[i] * y[i + 1];
    let norm = 0;
    for (let i = 0; i < k; i++) norm += y[i] * y[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < k; i++) y[i] /= norm;
    x = y;
  }
  return { value: hi, vector: x };
}

/**
 * Top singular triplet of a matrix operator (rows ≤ cols) by Lanczos on MMᵀ with full
 * reorthogonalisation from a random unit start drawn from `rng`; stops when the Ritz residual
 * β_k|y_k| ≤ relTol·λ (checked every 5 steps) or after `rows` steps (then exact to rounding).
 * `topSingularTriplet` is this iteration on a dense matrix; an operator helps when its products cost less than a dense one's
 * (e.g. bidiagonal plus a border: O(rows) per product instead of O(rows·cols)).
 */
export function topSingularTripletOf(op: MatrixOperator, rng: NormalSource, relTol = 1e-10): TopTriplet {
  const n = op.rows;
  if (n > op.cols) throw new RangeError(`topSingularTripletOf: needs rows ≤ cols, got ${op.rows}×${op.cols}`);
  const q: Float64Array[] = [];
  const alpha = new Float64Array(n);
  const beta = new Float64Array(n);
  let cur = new Float64Array(n);
  let norm = 0;
  for (let i = 0; i < n; i++) {
    cur[i] = rng.normal();
    norm += cur[i] * cur[i];
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < n; i++) cur[i] /= norm;
  const tmp = new Float64Array(op.cols);
  let best: { value: number; vector: Float64Array } = { value: 0, vector: new Float64Array([1]) };
  for (let k = 0; k < n; k++) {
    q.push(cur);
    const w = new Float64Array(n);
    op.mulT(cur, tmp);
    op.mul(tmp, w);
    let a = 0;
    for (let i = 0; i < n; i++) a += w[i] * cur[i];
    alpha[k] = a;
    for (let pass = 0; pass < 2; pass++) {
      for (const qj of q) {
        let d = 0;
        for (let i = 0; i < n; i++) d += w[i] * qj[i];
        for (let i = 0; i < n; i++) w[i] -= d * qj[i];
      }
    }
    let b = 0;
    for (let i = 0; i < n; i++) b += w[i] * w[i];
    b = Math.sqrt(b);
    const last = k === n - 1;
    if (last || k % 5 === 4 || b === 0) {
      best = topOfTridiagonal(alpha, beta, k + 1);
      if (last || b === 0 || b * Math.abs(best.vector[k]) <= relTol * Math.abs(best.value)) break;
    }
    beta[k] = b;
    for (let i = 0; i < n; i++) w[i] /= b;
    cur = w;
  }
  const u = new Float64Array(n);
  for (let j = 0; j < best.vector.length; j++) {
    const c = best.vector[j];
    const qj = q[j];
    for (let i = 0; i < n; i++) u[i] += c * qj[i];
  }
  let un = 0;
  for (let i = 0; i < n; i++) un += u[i] * u[i];
  un = Math.sqrt(un);
  for (let i = 0; i < n; i++) u[i] /= un;
  const v = new Float64Array(op.cols);
  op.mulT(u, v);
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j] * v[j];
  s = Math.sqrt(s);
  if (s > 0) for (let j = 0; j < v.length; j++) v[j] /= s;
  return { s, u, v };
}
