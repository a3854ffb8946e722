import { zeros, type Mat } from './mat.js';

/**
 * Extends an n×k matrix with orthonormal columns to an n×n orthogonal matrix whose first
 * k columns are the input. Deterministic: standard basis vectors are added in order of
 * largest residual, each orthogonalised twice (classical Gram–Schmidt with reorthogonalisation).
 */
export function completeBasis(q: Mat): Mat {
  const n = q.rows;
  const k = q.cols;
  if (k > n) throw new RangeError(`completeBasis: ${n}×${k} has more columns than rows`);
  const cols: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = q.data[i * k + j];
    cols.push(c);
  }
  const used = new Uint8Array(n);
  while (cols.length < n) {
    // Residual norm of e_i after projecting out the current basis is 1 − Σ_c c_i².
    let best = -1;
    let bestRes = -1;
    for (let i = 0; i < n; i++) {
      if (used[i]) continue;
      let p = 0;
      for (const c of cols) p += c[i] * c[i];
      if (1 - p > bestRes) {
        bestRes = 1 - p;
        best = i;
      }
    }
    used[best] = 1;
    const v = new Float64Array(n);
    v[best] = 1;
    for (let pass = 0; pass < 2; pass++) {
      for (const c of cols) {
        let d = 0;
        for (let i = 0; i < n; i++) d += c[i] * v[i];
        for (let i = 0; i < n; i++) v[i] -= d * c[i];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) v[i] /= norm;
    cols.push(v);
  }
  const out = zeros(n, n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) out.data[i * n + j] = cols[j][i];
  return out;
}
