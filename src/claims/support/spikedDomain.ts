import type { SpikedModelConstraints } from '../../arbitraries/spikedModel.js';
import type { Scale } from '../claim.js';

/** The per-draw spiked-model domain of C6, C7(a) and C8(a): N3 ∈ [25, 60] (CI; 200 thorough), A ∈ [0.1, 1], N1 ≤ 240 (2000), σ_z ∈ [0.1, 5] (§11). */
export function perDrawSpikedDomain(scale: Scale): SpikedModelConstraints {
  return {
    minOutputDim: 25,
    maxOutputDim: scale === 'ci' ? 60 : 200,
    minAspect: 0.1,
    maxAspect: 1,
    maxInputDim: scale === 'ci' ? 240 : 2000,
    minNoiseStd: 0.1,
    maxNoiseStd: 5,
  };
}
