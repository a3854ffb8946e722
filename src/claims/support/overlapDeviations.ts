import { inputOverlapSq, outputOverlapSq, overlap } from '../../rmt/spikedModel.js';
import type { PlantedBug } from '../claim.js';
import type { ModeImage } from './topModeImage.js';

/** What C8(a) and C8(b) exercise: the overlap formulas (4.6), (4.7), (4.8). */
export interface OverlapImpl {
  readonly outputOverlapSq: (sBar: number, aspect: number, scale: number) => number;
  readonly inputOverlapSq: (sBar: number, aspect: number, scale: number) => number;
  readonly overlap: (sBar: number, aspect: number, scale: number) => number;
}

/** The library's overlap formulas (4.6)–(4.8). */
export const overlapLibrary: OverlapImpl = { outputOverlapSq, inputOverlapSq, overlap };

/** Excess over θ_A (units of σ_z) from which the per-draw bounds hold. */
export const C8_POINTWISE_EXCESS = 2;

/** The three deviations of one draw: signed product, output side, input side. */
export function overlapDeviations(img: ModeImage, sBar: number, a: number, sigma: number, impl: OverlapImpl) {
  return {
    product: img.uOverlap * img.vOverlap - impl.overlap(sBar, a, sigma),
    output: img.uOverlap * img.uOverlap - impl.outputOverlapSq(sBar, a, sigma),
    input: img.vOverlap * img.vOverlap - impl.inputOverlapSq(sBar, a, sigma),
  };
}

/** A planted bug both C8 claims must catch: the overlaps evaluated without the σ_z scaling (4.0). */
export const overlapSigmaBug: PlantedBug<OverlapImpl> = {
  name: 'overlaps without the σ_z scaling',
  description: '𝒪_1(s̄), (4.6), (4.7) at σ_z = 1 instead of at s̄/σ_z (4.0)',
  implementation: {
    outputOverlapSq: (s, a) => outputOverlapSq(s, a, 1),
    inputOverlapSq: (s, a) => inputOverlapSq(s, a, 1),
    overlap: (s, a) => overlap(s, a, 1),
  },
};
