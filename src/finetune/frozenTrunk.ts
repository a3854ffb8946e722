import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import { frobeniusSq } from '../linalg/norms.js';
import { svd } from '../linalg/svd.js';

/** What a frozen trunk F = W^k⋯W^1 allows: the rank of its features and the least population risk of any W = A·F. */
export interface FrozenTrunkBound {
  readonly featureRank: number;
  /** min_A tr (AF − W_T)Σ(AF − W_T)ᵀ = W_TΣW_Tᵀ − ‖W_TΣ^{1/2}V_r‖², V_r the right singular vectors of FΣ^{1/2}. */
  readonly bestRisk: number;
}

/**
 * The frozen-trunk bound (FINETUNE.md §2 item 5): with layers 1…k frozen, every reachable map is A·F, so the
 * population risk is at least W_TΣW_Tᵀ minus the part of W_TΣ^{1/2} in the row space of FΣ^{1/2}. For a rank-1
 * trunk along W_S this is W_TΣW_Tᵀ − (W_TΣW_Sᵀ)²/(W_SΣW_Sᵀ), and W_TΣW_Tᵀ when W_TΣW_Sᵀ = 0.
 */
export function frozenTrunkBound(trunk: Mat, target: Mat, sigmaSqrt: Mat): FrozenTrunkBound {
  const fs = matmul(trunk, sigmaSqrt);
  const ts = matmul(target, sigmaSqrt);
  const total = frobeniusSq(ts);
  const { s, v } = svd(fs);
  const cut = Math.max(fs.rows, fs.cols) * Number.EPSILON * (s[0] ?? 0);
  let rank = 0;
  while (rank < s.length && s[rank] > cut) rank++;
  let explained = 0;
  const proj = matmul(ts, v);
  for (let row = 0; row < proj.rows; row++)
    for (let k = 0; k < rank; k++) explained += proj.data[row * proj.cols + k] ** 2;
  return { featureRank: rank, bestRisk: Math.max(0, total - explained) };
}
