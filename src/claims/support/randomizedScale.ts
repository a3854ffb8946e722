/** σ_r² = σ_z² + ‖W̄‖²_F/N3 (9.1): the per-entry variance (×N1) of the noisy targets, kept by the randomisation (§9.3, C17). */
export function randomizedScale(teacherSingularValues: readonly number[], noiseStd: number, outputDim: number): number {
  return Math.sqrt(noiseStd * noiseStd + teacherSingularValues.reduce((s, x) => s + x * x, 0) / outputDim);
}
