import fc from 'fast-check';
import type { TheorySpec } from '../theory/asymptoticModel.js';
import { arbInt, arbLogUniform, arbUniform } from './primitives.js';

/** Constraints of `arbTheorySpec`; every field has a default, checked when the arbitrary is built. */
export interface TheorySpecConstraints {
  /** Depths D_w drawn from (repeat a value to weight it; 1 is the linear student). @defaultValue [1, 2, 2, 3, 4] */
  readonly depths?: readonly number[];
  /** @defaultValue 4 */
  readonly maxRank?: number;
  /** Smallest ε for D_w ≤ 2. @defaultValue 1e-6 */
  readonly minInitScale?: number;
  /** Smallest ε for D_w ≥ 3 (deep students escape from ε in ~τ ε^{−(1−2/D_w)}). @defaultValue 1e-3 */
  readonly minDeepInitScale?: number;
  /** @defaultValue 1e-1 */
  readonly maxInitScale?: number;
  /**
   * 'any': the narrowest hidden layer N2 uniform in [N̄2, min(N3, N1, P)] (noise modes are fitted);
   * 'teacher': N2 = N̄2 (no noise mode is ever fitted: n_fit = 0, the cheap curves). @defaultValue 'any'
   */
  readonly studentWidth?: 'any' | 'teacher';
  /** Allow P ≠ N1 (in a fifth of the draws, P/N1 log-uniform on [1/3, 3]). @defaultValue true */
  readonly examplesOtherThanInputs?: boolean;
  /** Allow N3 > N1 (in a fifth of the draws; the theory transposes, §0.3). @defaultValue true */
  readonly wideOutputs?: boolean;
  /**
   * 'spread': s̄₁/σ_z log-uniform on [0.5 θ_A, 20], each further mode a factor log-uniform on [1, 8] below
   * (undetectable modes occur). 'separated': rank ≥ 2, all detectable and far apart — the weakest at
   * σ_z θ_A × [1.3, 3], each stronger one a factor [3, 8] above the next (the two-dip curves of §6).
   * @defaultValue 'spread'
   */
  readonly spectrum?: 'spread' | 'separated';
}

/**
 * Asymptotic-theory configurations (THEORY.md §5, §4.5) for properties of the theory curves, as
 * plain JSON: N3 ∈ [5, 200], A = N3/N1 ∈ [1/4, 1] (or its inverse), σ_z log-uniform on [1/2, 2],
 * λ = 1e-3 (τ = 1000 epochs), rank 1…maxRank with s̄₁/σ_z log-uniform on [0.5 θ_A, 20] and every
 * further mode a factor log-uniform on [1, 8] below the previous one: widely separated values (the
 * multimodal test curves of §6) and undetectable modes both occur.
 */
export function arbTheorySpec(c: TheorySpecConstraints = {}): fc.Arbitrary<TheorySpec> {
  const {
    depths = [1, 2, 2, 3, 4],
    maxRank = 4,
    minInitScale = 1e-6,
    minDeepInitScale = 1e-3,
    maxInitScale = 1e-1,
    studentWidth = 'any',
    examplesOtherThanInputs = true,
    wideOutputs = true,
    spectrum: spectrumKind = 'spread',
  } = c;
  if (spectrumKind === 'separated' && maxRank < 2)
    throw new RangeError('arbTheorySpec: a separated spectrum needs maxRank ≥ 2');
  if (!(depths.length > 0 && depths.every((d) => Number.isInteger(d) && d >= 1)))
    throw new RangeError('arbTheorySpec: depths must be integers ≥ 1');
  if (!(minInitScale > 0 && minDeepInitScale > 0 && maxInitScale >= Math.max(minInitScale, minDeepInitScale))) {
    throw new RangeError('arbTheorySpec: need 0 < minInitScale, minDeepInitScale ≤ maxInitScale');
  }
  return fc
    .record({
      n3: arbInt('N3', 5, 200),
      aspect: arbUniform(0.25, 1),
      wide: wideOutputs ? fc.constantFrom(false, false, false, false, true) : fc.constant(false),
      otherP: examplesOtherThanInputs ? fc.constantFrom(false, false, false, false, true) : fc.constant(false),
      examplesRatio: arbLogUniform(1 / 3, 3),
      depth: fc.constantFrom(...depths),
      widthU: arbUniform(),
      rank: arbInt('rank', spectrumKind === 'separated' ? 2 : 1, maxRank),
      top: arbUniform(),
      ratios: fc.array(arbLogUniform(1, 8), { minLength: maxRank, maxLength: maxRank }),
      noiseStd: arbLogUniform(0.5, 2),
      initU: arbUniform(),
    })
    .map((d): TheorySpec => {
      const short = d.n3;
      const long = Math.max(short, Math.round(short / d.aspect));
      const [n3, n1] = d.wide ? [long, short] : [short, long];
      const examples = d.otherP ? Math.max(1, Math.round(n1 * d.examplesRatio)) : n1;
      const dataRank = Math.min(n1, n3, examples);
      const rank = Math.max(1, Math.min(d.rank, dataRank));
      const aspect = Math.min(n1, n3) / Math.max(n1, n3);
      const theta = Math.pow(aspect, 0.25);
      const spectrum: number[] = [];
      if (spectrumKind === 'spread') {
        const lo = Math.log(0.5 * theta);
        spectrum.push(d.noiseStd * Math.exp(lo + d.top * (Math.log(20) - lo)));
        for (let k = 1; k < rank; k++) spectrum.push(spectrum[k - 1] / d.ratios[k - 1]);
      } else {
        // Weakest first, then upwards; ratios in [3, 8] reuse the [1, 8] draws.
        spectrum.push(d.noiseStd * theta * Math.exp(Math.log(1.3) + d.top * Math.log(3 / 1.3)));
        for (let k = 1; k < rank; k++)
          spectrum.unshift(spectrum[0] * (3 + (5 * Math.log(d.ratios[k - 1])) / Math.log(8)));
      }
      const width = studentWidth === 'teacher' ? rank : rank + Math.floor(d.widthU * (dataRank - rank + 1));
      const minEps = d.depth >= 3 ? minDeepInitScale : minInitScale;
      const initScale = Math.exp(Math.log(minEps) + d.initU * (Math.log(maxInitScale) - Math.log(minEps)));
      return {
        inputDim: n1,
        outputDim: n3,
        examples,
        hiddenDims: Array<number>(d.depth - 1).fill(Math.min(width, dataRank)),
        teacherSingularValues: spectrum,
        noiseStd: d.noiseStd,
        learningRate: 1e-3,
        initScale,
      };
    });
}
