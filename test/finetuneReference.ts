// An independent implementation of FINETUNE.md (A1), (A5), (A6) and the population risk, written
// differently from src/finetune on purpose: plain number[][] arithmetic, X⁺ through the normal
// equations (XᵀX)⁻¹Xᵀ solved by Gauss–Jordan elimination with partial pivoting, and α_N by plain
// bisection on α^{2/(N−1)}‖W_S‖² − u − p/α² in log α. Tests compare the product against it.

export type Rows = number[][];

/** Row-major flat array → rows. */
export function toRows(flat: readonly number[], rows: number, cols: number): Rows {
  return Array.from({ length: rows }, (_, i) => flat.slice(i * cols, (i + 1) * cols));
}

function mul(a: Rows, b: Rows): Rows {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
}

function tr(a: Rows): Rows {
  return a[0].map((_, j) => a.map((row) => row[j]));
}

function inverse(a: Rows): Rows {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    [m[c], m[piv]] = [m[piv], m[c]];
    const d = m[c][c];
    for (let j = 0; j < 2 * n; j++) m[c][j] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c];
      if (f !== 0) for (let j = 0; j < 2 * n; j++) m[r][j] -= f * m[c][j];
    }
  }
  return m.map((row) => row.slice(n));
}

/** X⁺ = (XᵀX)⁻¹Xᵀ for a full-column-rank X. */
export function pinv(x: Rows): Rows {
  return mul(inverse(mul(tr(x), x)), tr(x));
}

const sumSq = (a: Rows) => a.reduce((s, row) => s + row.reduce((t, v) => t + v * v, 0), 0);

/** The reference fine-tuned map: (A1) at depth 1, (A5) at depth N, (A6) at Infinity; scalar output (1×N1). */
export function referenceMap(
  source: Rows,
  x: Rows,
  y: Rows,
  depth: number,
): { map: number[]; alpha: number; alphaInfinity: number } {
  const xp = pinv(x);
  const fit = mul(y, xp); // yX⁺
  const proj = mul(x, xp); // Π
  const n1 = x.length;
  const sp = mul(source, proj);
  const out = source.map((row, i) => row.map((v, j) => v - sp[i][j]));
  const p = sumSq(fit);
  const u = sumSq(out);
  const w = sumSq(source);
  const alphaInfinity = Math.sqrt(p / sumSq(sp));
  let alpha = 1;
  if (depth === Infinity) alpha = alphaInfinity;
  else if (depth > 1) {
    const h = (b: number) => Math.exp((2 / (depth - 1)) * b) * w - u - p * Math.exp(-2 * b);
    let lo = -50;
    let hi = 50;
    for (let i = 0; i < 400; i++) {
      const mid = 0.5 * (lo + hi);
      if (h(mid) > 0) hi = mid;
      else lo = mid;
    }
    alpha = Math.exp(0.5 * (lo + hi));
  }
  const map = Array.from({ length: n1 }, (_, j) => fit[0][j] + alpha * out[0][j]);
  return { map, alpha, alphaInfinity };
}

/** tr (W − W_T) Σ (W − W_T)ᵀ from flat arrays. */
export function referenceRisk(
  w: readonly number[],
  target: readonly number[],
  sigma: readonly number[],
  n1: number,
): number {
  const n3 = w.length / n1;
  let s = 0;
  for (let r = 0; r < n3; r++) {
    for (let i = 0; i < n1; i++) {
      const di = w[r * n1 + i] - target[r * n1 + i];
      for (let j = 0; j < n1; j++) s += di * sigma[i * n1 + j] * (w[r * n1 + j] - target[r * n1 + j]);
    }
  }
  return s;
}
