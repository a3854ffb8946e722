import { haarColumns } from '../linalg/haar.js';
import { matmul } from '../linalg/gemm.js';
import { clone, zeros, type Mat } from '../linalg/mat.js';
import { frobenius } from '../linalg/norms.js';
import { svd } from '../linalg/svd.js';
import type { Rng } from '../random/rng.js';

/**
 * An exactly balanced factorisation W^N⋯W^1 = W_S (FT6's construction, any N3): with W_S = U S Vᵀ of rank r,
 * W^1 = R_1 S^{1/N} Vᵀ, W^l = R_l S^{1/N} R_{l−1}ᵀ, W^N = U S^{1/N} R_{N−1}ᵀ, where each R_l (N2_l × r) has
 * orthonormal columns drawn Haar from `rng`. Then W^{l+1ᵀ}W^{l+1} = R_l S^{2/N} R_lᵀ = W^l W^{lᵀ}. For a scalar
 * output this is FT6's rank-1 layers a·r_l r_{l−1}ᵀ with a = ‖W_S‖^{1/N}. Needs every hidden width ≥ rank W_S.
 */
export function balancedFactorisation(source: Mat, hiddenDims: readonly number[], rng: Rng): Mat[] {
  const depth = hiddenDims.length + 1;
  if (depth === 1) return [{ rows: source.rows, cols: source.cols, data: new Float64Array(source.data) }];
  const { u, s, v } = svd(source);
  const cut = Math.max(source.rows, source.cols) * Number.EPSILON * s[0];
  let rank = 0;
  while (rank < s.length && s[rank] > cut) rank++;
  if (rank === 0) throw new RangeError('balancedFactorisation: the source map is zero');
  const narrow = hiddenDims.findIndex((d) => d < rank);
  if (narrow >= 0)
    throw new RangeError(
      `hiddenDims[${narrow}]: got ${hiddenDims[narrow]}; allowed: ≥ ${rank} (the rank of the source map) for pretrain "balanced"`,
    );
  const root = Array.from(s.subarray(0, rank), (x) => Math.pow(x, 1 / depth));
  const bases: Mat[] = [
    firstColumns(v, rank),
    ...hiddenDims.map((d, l) => haarColumns(d, rank, rng.fork(`layer${l + 1}`))),
    firstColumns(u, rank),
  ];
  const layers: Mat[] = [];
  for (let l = 0; l < depth; l++) {
    const left = scaleColumns(bases[l + 1], root);
    layers.push(matmul(left, bases[l], { transB: true }));
  }
  return layers;
}

/** max_l ‖W^{l+1ᵀ}W^{l+1} − W^l W^{lᵀ}‖_F over adjacent layer pairs (0 for a single layer). */
export function balancedness(layers: readonly Mat[]): number {
  let worst = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const upper = matmul(layers[l + 1], layers[l + 1], { transA: true });
    const lower = matmul(layers[l], layers[l], { transB: true });
    for (let i = 0; i < upper.data.length; i++) upper.data[i] -= lower.data[i];
    worst = Math.max(worst, frobenius(upper));
  }
  return worst;
}

function firstColumns(m: Mat, k: number): Mat {
  const out = zeros(m.rows, k);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < k; j++) out.data[i * k + j] = m.data[i * m.cols + j];
  return out;
}

function scaleColumns(m: Mat, d: readonly number[]): Mat {
  const out = clone(m);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out.data[i * m.cols + j] *= d[j];
  return out;
}
