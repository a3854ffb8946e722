import fc from 'fast-check';
import type { TaskPairSpec } from '../transfer/taskPair.js';
import { arbInt, arbLogUniform, arbSeed, arbUniform, fractionToInt } from './primitives.js';

/**
 * A task pair as plain JSON (THEORY.md §8.1): the pair spec of src/transfer (sizes, non-increasing
 * spectra with the first value > 0, one q ∈ [0, 1] per mode pair, noise) plus the never-shrunk seed
 * from which Ū_A, Ū_B, the feature basis, the inputs and the noise are drawn
 * (`drawTaskPair(spec, createRng(seed))` in src/transfer builds it). `arbTaskPair` draws P = N1
 * (one-hot inputs), as in the paper.
 */
export interface TaskPairInstance extends TaskPairSpec {
  readonly seed: number;
}

/** Constraints of `arbTaskPair`; every field has a default and is checked when the arbitrary is built. */
export interface TaskPairConstraints {
  /** N1 range. @defaultValue [4, 40] */
  readonly inputDim?: readonly [number, number];
  /** N3 range of each task. @defaultValue [1, 20] */
  readonly outputDim?: readonly [number, number];
  /** Largest joint aspect (N3^A + N3^B)/N1; 1 keeps the joint data within §0.3's A ≤ 1. @defaultValue 1 */
  readonly maxJointAspect?: number;
  /** Largest rank of each task (ranks are drawn in [1, maxRank], capped by N3 and N1). @defaultValue 1 */
  readonly maxRank?: number;
  /** Range of each singular value in units of σ_z (log-uniform; absolute when σ_z = 0). @defaultValue [0.1, 20] */
  readonly snr?: readonly [number, number];
  /** σ_z range; [0, 0] gives noiseless pairs; a range from 0 gives σ_z = 0 one time in five, else σ_z ≥ min(hi, 1e-3). @defaultValue [0, 2] */
  readonly noiseStd?: readonly [number, number];
  /**
   * Alignments: 'any' draws q uniform in [0, 1] with extra weight on the special values 0 and 1;
   * a number fixes every q. @defaultValue 'any'
   */
  readonly alignment?: 'any' | number;
}

/**
 * σ_z in [lo, hi]: exactly 0 with weight 1/5 when lo = 0 (noiseless pairs), otherwise at least
 * min(hi, 1e-3), so that spectra given in units of σ_z never underflow.
 */
function sigmaOf(noise: readonly [number, number]): fc.Arbitrary<number> {
  const [lo, hi] = noise;
  if (hi === 0) return fc.constant(0);
  const positive = arbUniform(Math.max(lo, Math.min(hi, 1e-3)), hi);
  return lo === 0 ? fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: positive }) : positive;
}

function checkRange(name: string, r: readonly [number, number], lo: number, hi: number, integer: boolean): void {
  const [a, b] = r;
  const ok =
    Number.isFinite(a) &&
    Number.isFinite(b) &&
    a >= lo &&
    b <= hi &&
    a <= b &&
    (!integer || (Number.isInteger(a) && Number.isInteger(b)));
  if (!ok)
    throw new RangeError(
      `arbTaskPair: ${name} must be ${integer ? 'integers' : 'numbers'} lo ≤ hi within [${lo}, ${hi}], got [${a}, ${b}]`,
    );
}

/**
 * Task pairs for transfer properties: N1, then N3^A, N3^B with (N3^A + N3^B) ≤ maxJointAspect·N1,
 * ranks with r_A + r_B ≤ N1, non-increasing spectra in σ_z units, alignments, noise and a seed.
 * Shrinks toward small, rank-one, low-SNR, orthogonal pairs (§8.1).
 */
export function arbTaskPair(c: TaskPairConstraints = {}): fc.Arbitrary<TaskPairInstance> {
  const inputDim = c.inputDim ?? [4, 40];
  const outputDim = c.outputDim ?? [1, 20];
  const maxJointAspect = c.maxJointAspect ?? 1;
  const maxRank = c.maxRank ?? 1;
  const snr = c.snr ?? [0.1, 20];
  const noise = c.noiseStd ?? [0, 2];
  const alignment = c.alignment ?? 'any';
  checkRange('inputDim', inputDim, 2, 1e6, true);
  checkRange('outputDim', outputDim, 1, 1e6, true);
  checkRange('snr', snr, 1e-6, 1e6, false);
  checkRange('noiseStd', noise, 0, 1e6, false);
  arbInt('maxRank', 1, Math.max(1, maxRank));
  if (!(maxJointAspect > 0 && Number.isFinite(maxJointAspect)))
    throw new RangeError(`arbTaskPair: maxJointAspect must be a number > 0, got ${maxJointAspect}`);
  if (2 * outputDim[0] > maxJointAspect * inputDim[1]) {
    throw new RangeError(
      `arbTaskPair: two tasks of ${outputDim[0]} outputs never fit maxJointAspect·N1 ≤ ${maxJointAspect * inputDim[1]}`,
    );
  }
  if (alignment !== 'any' && !(alignment >= 0 && alignment <= 1))
    throw new RangeError(`arbTaskPair: alignment must be 'any' or a number in [0, 1], got ${alignment}`);
  const q =
    alignment === 'any'
      ? fc.oneof(
          { weight: 1, arbitrary: fc.constant(0) },
          { weight: 1, arbitrary: fc.constant(1) },
          { weight: 4, arbitrary: arbUniform() },
        )
      : fc.constant(alignment);
  return fc
    .record({
      n1: fc.integer({ min: Math.max(inputDim[0], Math.ceil((2 * outputDim[0]) / maxJointAspect)), max: inputDim[1] }),
      fa: arbUniform(),
      fb: arbUniform(),
      rankA: fc.integer({ min: 1, max: maxRank }),
      rankB: fc.integer({ min: 1, max: maxRank }),
      sA: fc.array(arbLogUniform(snr[0], snr[1]), { minLength: maxRank, maxLength: maxRank }),
      sB: fc.array(arbLogUniform(snr[0], snr[1]), { minLength: maxRank, maxLength: maxRank }),
      qs: fc.array(q, { minLength: maxRank, maxLength: maxRank }),
      sigma: sigmaOf(noise),
      seed: arbSeed(),
    })
    .map((d) => {
      const room = Math.max(2 * outputDim[0], Math.floor(maxJointAspect * d.n1 + 1e-9));
      const n3a = fractionToInt(d.fa, outputDim[0], Math.min(outputDim[1], room - outputDim[0]));
      const n3b = fractionToInt(d.fb, outputDim[0], Math.min(outputDim[1], room - n3a));
      const rankA = Math.min(d.rankA, n3a, d.n1 - 1);
      const rankB = Math.min(d.rankB, n3b, d.n1 - rankA);
      const unit = d.sigma > 0 ? d.sigma : 1;
      const spectrum = (xs: number[], r: number) =>
        xs
          .slice(0, r)
          .map((x) => x * unit)
          .sort((x, y) => y - x);
      return {
        inputDim: d.n1,
        outputDimA: n3a,
        outputDimB: n3b,
        examples: d.n1,
        singularValuesA: spectrum(d.sA, rankA),
        singularValuesB: spectrum(d.sB, rankB),
        alignments: d.qs.slice(0, Math.min(rankA, rankB)),
        noiseStd: d.sigma,
        seed: d.seed,
      };
    });
}
