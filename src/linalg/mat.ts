/**
 * Dense row-major matrix over a Float64Array: entry (i, j) is `data[i * cols + j]`.
 * Plain data, readonly by convention; kernels write into preallocated outputs.
 */
export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A rows×cols matrix of zeros. */
export function zeros(rows: number, cols: number): Mat {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** The n×n identity. */
export function identity(n: number): Mat {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** The rows×cols matrix with ones on the leading diagonal (an embedding or a truncation). */
export function eye(rows: number, cols: number): Mat {
  const m = zeros(rows, cols);
  const k = Math.min(rows, cols);
  for (let i = 0; i < k; i++) m.data[i * cols + i] = 1;
  return m;
}

/** Builds a matrix from an array of equal-length rows. */
export function fromRows(rows: ReadonlyArray<ReadonlyArray<number>>): Mat {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const m = zeros(r, c);
  for (let i = 0; i < r; i++) {
    if (rows[i].length !== c) throw new RangeError(`row ${i} has length ${rows[i].length}, expected ${c}`);
    for (let j = 0; j < c; j++) m.data[i * c + j] = rows[i][j];
  }
  return m;
}

/** The matrix as an array of rows (for JSON and tests). */
export function toRows(m: Mat): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** Entry (i, j). */
export function get(m: Mat, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

/** A deep copy. */
export function clone(m: Mat): Mat {
  return { rows: m.rows, cols: m.cols, data: new Float64Array(m.data) };
}

/** The transpose, as a new matrix. */
export function transpose(m: Mat): Mat {
  const t = zeros(m.cols, m.rows);
  const { rows, cols, data } = m;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) t.data[j * rows + i] = data[i * cols + j];
  }
  return t;
}

/** Columns [from, to) as a new matrix. */
export function columns(m: Mat, from: number, to: number): Mat {
  const c = to - from;
  const out = zeros(m.rows, c);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < c; j++) out.data[i * c + j] = m.data[i * m.cols + from + j];
  }
  return out;
}

/** Rows [from, to) as a new matrix. */
export function rowsOf(m: Mat, from: number, to: number): Mat {
  return { rows: to - from, cols: m.cols, data: m.data.slice(from * m.cols, to * m.cols) };
}

/** Column j as a new vector. */
export function column(m: Mat, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j];
  return out;
}

/** α·A + β·B, as a new matrix. */
export function combine(alpha: number, a: Mat, beta: number, b: Mat): Mat {
  assertSameShape(a, b, 'combine');
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = alpha * a.data[i] + beta * b.data[i];
  return out;
}

/** c·A, as a new matrix. */
export function scale(a: Mat, c: number): Mat {
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = c * a.data[i];
  return out;
}

/** U·diag(s)·Vᵀ for U (m×k), s (k), V (n×k). */
export function fromFactors(u: Mat, s: ArrayLike<number>, v: Mat): Mat {
  const k = s.length;
  if (u.cols < k || v.cols < k) throw new RangeError(`fromFactors: need ${k} columns, got U ${u.cols}, V ${v.cols}`);
  const out = zeros(u.rows, v.rows);
  for (let i = 0; i < u.rows; i++) {
    for (let a = 0; a < k; a++) {
      const f = u.data[i * u.cols + a] * s[a];
      if (f === 0) continue;
      const row = i * out.cols;
      for (let j = 0; j < v.rows; j++) out.data[row + j] += f * v.data[j * v.cols + a];
    }
  }
  return out;
}

/** Throws unless A and B have the same shape. */
export function assertSameShape(a: Mat, b: Mat, what: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(`${what}: shapes ${a.rows}×${a.cols} and ${b.rows}×${b.cols} differ`);
  }
}
