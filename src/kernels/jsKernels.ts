/**
 * Plain-JavaScript twins of the WebAssembly kernels (kernels.wat): same arguments in
 * element (not byte) offsets, and the same order of every floating-point operation, so the
 * two paths give bit-identical results. Used when WebAssembly is unavailable and for
 * operands outside the kernel arena.
 */

let rowScratch = new Float64Array(256);

function scratch(n: number): Float64Array {
  if (rowScratch.length < n) rowScratch = new Float64Array(Math.max(n, 2 * rowScratch.length));
  return rowScratch;
}

/**
 * C(i,j) ← α·acc + β·C(i,j) (α·acc when β = 0), acc = Σ_p A(i,p)·B(p,j) summed in increasing p,
 * with A(i,p) = a[aOff + i·ar + p·ap], B(p,j) = b[bOff + p·ldb + j], C(i,j) = c[cOff + i·ldc + j].
 */
export function gemmBcJs(
  c: Float64Array,
  cOff: number,
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  m: number,
  k: number,
  n: number,
  ar: number,
  ap: number,
  ldb: number,
  ldc: number,
  alpha: number,
  beta: number,
): void {
  const acc = scratch(n);
  for (let i = 0; i < m; i++) {
    acc.fill(0, 0, n);
    let pa = aOff + i * ar;
    let pb = bOff;
    for (let p = 0; p < k; p++) {
      const x = a[pa];
      for (let j = 0; j < n; j++) acc[j] = acc[j] + x * b[pb + j];
      pa += ap;
      pb += ldb;
    }
    const row = cOff + i * ldc;
    if (beta === 0) for (let j = 0; j < n; j++) c[row + j] = alpha * acc[j];
    else for (let j = 0; j < n; j++) c[row + j] = beta * c[row + j] + alpha * acc[j];
  }
}

/**
 * C(i,j) ← α·acc + β·C(i,j) with acc = (Σ_even + Σ_odd) [+ the odd-k tail], the dot product of
 * row i of A (a[aOff + i·lda + p]) with row j of B (b[bOff + j·ldb + p]) split by parity of p.
 */
export function gemmDotJs(
  c: Float64Array,
  cOff: number,
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  m: number,
  k: number,
  n: number,
  lda: number,
  ldb: number,
  ldc: number,
  alpha: number,
  beta: number,
): void {
  const k2 = k & ~1;
  for (let i = 0; i < m; i++) {
    const ra = aOff + i * lda;
    for (let j = 0; j < n; j++) {
      const rb = bOff + j * ldb;
      let s0 = 0;
      let s1 = 0;
      for (let p = 0; p < k2; p += 2) {
        s0 = s0 + a[ra + p] * b[rb + p];
        s1 = s1 + a[ra + p + 1] * b[rb + p + 1];
      }
      let acc = s0 + s1;
      if (k & 1) acc = acc + a[ra + k - 1] * b[rb + k - 1];
      const q = cOff + i * ldc + j;
      c[q] = beta === 0 ? alpha * acc : beta * c[q] + alpha * acc;
    }
  }
}

/** C ← α·AᵀBᵀ + β·C (A stored k×m, B stored n×k), acc summed in increasing p; JavaScript only. */
export function gemmTtJs(
  c: Float64Array,
  cOff: number,
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  m: number,
  k: number,
  n: number,
  alpha: number,
  beta: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc = acc + a[aOff + p * m + i] * b[bOff + j * k + p];
      const q = cOff + i * n + j;
      c[q] = beta === 0 ? alpha * acc : beta * c[q] + alpha * acc;
    }
  }
}

/** out[i] = s[i] − d·w[i] for i < count. */
export function subScaledJs(
  out: Float64Array,
  oOff: number,
  s: Float64Array,
  sOff: number,
  w: Float64Array,
  wOff: number,
  count: number,
  d: number,
): void {
  for (let i = 0; i < count; i++) out[oOff + i] = s[sOff + i] - d * w[wOff + i];
}

/** y[i] = y[i] + α·x[i] for i < count. */
export function axpyJs(
  y: Float64Array,
  yOff: number,
  x: Float64Array,
  xOff: number,
  count: number,
  alpha: number,
): void {
  for (let i = 0; i < count; i++) y[yOff + i] = y[yOff + i] + alpha * x[xOff + i];
}

/** y[i] = x[i] + α·y[i] for i < count. */
export function xpayJs(
  y: Float64Array,
  yOff: number,
  x: Float64Array,
  xOff: number,
  count: number,
  alpha: number,
): void {
  for (let i = 0; i < count; i++) y[yOff + i] = x[xOff + i] + alpha * y[yOff + i];
}

/** Σ x[i]² for i < count: even and odd i summed separately in increasing i, then added, plus the odd tail. */
export function sumSqJs(x: Float64Array, xOff: number, count: number): number {
  let s0 = 0;
  let s1 = 0;
  const c2 = count & ~1;
  for (let i = 0; i < c2; i += 2) {
    s0 = s0 + x[xOff + i] * x[xOff + i];
    s1 = s1 + x[xOff + i + 1] * x[xOff + i + 1];
  }
  let acc = s0 + s1;
  if (count & 1) acc = acc + x[xOff + count - 1] * x[xOff + count - 1];
  return acc;
}
