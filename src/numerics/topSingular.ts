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

/** Number of eigenvalues below x of the symmetric tridiagonal matrix (alpha, beta) (Sturm sequence). */
function countBelow(alpha: readonly number[], beta: readonly number[], x: number): number {
  let count = 0;
  let d = 1;
  for (let i = 0; i < alpha.length; i++) {
    const b2 = i > 0 ? beta[i - 1] * beta[i - 1] : 0;
    d = alpha[i] - x - (i > 0 ? b2 / d : 0);
    if (d === 0) d = -1e-300;
    if (d < 0) count++;
  }
  return count;
}

/**
 * Largest eigenpair of the symmetric tridiagonal matrix (alpha, beta): the eigenvalue by Sturm
 * bisection to a relative width of 4 ulp, the vector by two steps of inverse iteration with the
 * shift just above it (T − σI is then negative definite, so the elimination without pivoting is stable).
 */
function topOfTridiagonal(alpha: readonly number[], beta: readonly number[]): { value: number; vector: number[] } {
  const k = alpha.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < k; i++) {
    const r = (i > 0 ? Math.abs(beta[i - 1]) : 0) + (i + 1 < k ? Math.abs(beta[i]) : 0);
    lo = Math.min(lo, alpha[i] - r);
    hi = Math.max(hi, alpha[i] + r);
  }
  for (let it = 0; it < 200 && hi - lo > 4 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi)); it++) {
    const mid = (lo + hi) / 2;
    if (countBelow(alpha, beta, mid) === k) hi = mid;
    else lo = mid;
  }
  const value = hi;
  const shift = value + 8 * Number.EPSILON * Math.max(Math.abs(value), 1e-300);
  let x = new Array<number>(k).fill(1);
  for (let pass = 0; pass < 3; pass++) {
    // Solve (T − σI) y = x by elimination (Thomas algorithm).
    const c = new Array<number>(k);
    const d = new Array<number>(k);
    let piv = alpha[0] - shift;
    c[0] = k > 1 ? beta[0] / piv : 0;
    d[0] = x[0] / piv;
    for (let i = 1; i < k; i++) {
      piv = alpha[i] - shift - beta[i - 1] * c[i - 1];
      c[i] = i + 1 < k ? beta[i] / piv : 0;
      d[i] = (x[i] - beta[i - 1] * d[i - 1]) / piv;
    }
    const y = new Array<number>(k);
    y[k - 1] = d[k - 1];
    for (let i = k - 2; i >= 0; i--) y[i] = d[i] - c[i] * y[i + 1];
    const norm = Math.sqrt(y.reduce((sum, v) => sum + v * v, 0));
    x = y.map((v) => v / norm);
  }
  return { value, vector: x };
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
  const n = m.rows;
  if (n > m.cols) throw new RangeError(`topSingularTriplet: needs rows ≤ cols, got ${m.rows}×${m.cols}`);
  const q: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let cur = new Float64Array(n);
  let norm = 0;
  for (let i = 0; i < n; i++) {
    cur[i] = rng.normal();
    norm += cur[i] * cur[i];
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < n; i++) cur[i] /= norm;
  const tmp = new Float64Array(m.cols);
  let best = { value: 0, vector: [1] };
  for (let k = 0; k < n; k++) {
    q.push(cur);
    const w = new Float64Array(n);
    mulTVec(m, cur, tmp);
    mulVec(m, tmp, w);
    let a = 0;
    for (let i = 0; i < n; i++) a += w[i] * cur[i];
    alpha.push(a);
    // Full reorthogonalisation (twice, for safety against loss of orthogonality).
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
      best = topOfTridiagonal(alpha, beta);
      const residual = b * Math.abs(best.vector[k]);
      if (last || b === 0 || residual <= relTol * Math.abs(best.value)) break;
    }
    beta.push(b);
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
  const v = new Float64Array(m.cols);
  mulTVec(m, u, v);
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j] * v[j];
  s = Math.sqrt(s);
  if (s > 0) for (let j = 0; j < v.length; j++) v[j] /= s;
  return { s, u, v };
}
