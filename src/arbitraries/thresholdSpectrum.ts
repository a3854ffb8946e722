/**
 * Teacher spectra placed relative to the detectability threshold θ_A = σ_z A^{1/4} (4.3) or to the bulk
 * edge of randomised data (9.1), as pure functions of fractions drawn by an arbitrary (so the spec stays
 * plain JSON and shrinking acts on the fractions). Used by the claims C10b, C11, C17 and C19.
 */

/** θ_A/σ_z = (N3/N1)^{1/4} for N3 ≤ N1 (4.3). */
export function thresholdRatio(outputDim: number, inputDim: number): number {
  if (!(outputDim >= 1 && inputDim >= outputDim))
    throw new RangeError(`thresholdRatio: need 1 ≤ N3 ≤ N1, got N3 = ${outputDim}, N1 = ${inputDim}`);
  return Math.pow(outputDim / inputDim, 0.25);
}

/**
 * `rank` teacher values, largest first, from fractions u ∈ [0, 1]: the sorted fractions u_(0) ≤ u_(1) ≤ … give
 * s̄_(k)/σ_z = lo + k·gap + u_(k)(hi − lo − (rank − 1)·gap), so every value lies in [lo, hi] (in units of σ_z)
 * and adjacent values are at least `gap` apart. With gap = 0 this is the sorted image of u ↦ lo + u(hi − lo).
 */
export function spectrumFromFractions(
  fractions: readonly number[],
  rank: number,
  lo: number,
  hi: number,
  noiseStd: number,
  gap = 0,
): number[] {
  if (!(Number.isInteger(rank) && rank >= 1 && rank <= fractions.length))
    throw new RangeError(`spectrumFromFractions: rank ${rank} needs 1 ≤ rank ≤ ${fractions.length} fractions`);
  const room = Math.max(0, hi - lo - (rank - 1) * gap);
  return fractions
    .slice(0, rank)
    .sort((a, b) => a - b)
    .map((u, k) => noiseStd * (lo + k * gap + u * room))
    .reverse();
}

/**
 * A spectrum with Σs̄² = κN3σ_z² split over `rank` modes with every mode above the randomised bulk edge:
 * s̄_α² ≥ margin·σ_r²(1 + √A)², σ_r² = σ_z² + ‖W̄‖²/N3 (9.1), i.e. each energy share ≥ margin(1 + 1/κ)(1 + √A)²/N3.
 * The rank is lowered until the shares fit; `weights` ∈ (0, 1] split the rest. Largest first.
 */
export function spectrumAboveRandomizedEdge(
  inputDim: number,
  outputDim: number,
  rank: number,
  weights: readonly number[],
  kappa: number,
  noiseStd: number,
  margin = 1.1,
): number[] {
  const a = outputDim / inputDim;
  const floor = (margin * (1 + 1 / kappa) * (1 + Math.sqrt(a)) ** 2) / outputDim;
  let r = Math.min(rank, outputDim, weights.length);
  while (r > 1 && r * floor > 1) r--;
  const w = weights.slice(0, r);
  const total = w.reduce((x, y) => x + y, 0);
  const spare = Math.max(0, 1 - r * floor);
  const energy = kappa * outputDim * noiseStd * noiseStd;
  return w.map((x) => Math.sqrt(energy * (floor + (spare * x) / total))).sort((x, y) => y - x);
}
