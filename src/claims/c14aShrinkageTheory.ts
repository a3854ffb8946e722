/**
 * C14a: in the theory (P = N1, any depth, width, ε, A, σ_z and spectrum) the optimal-shrinkage error (7.2) is at or
 * below the theory's test error at every time (§7; exact).
 */
import fc from 'fast-check';
import { arbUniform } from '../arbitraries/primitives.js';
import { arbTheorySpec } from '../arbitraries/theorySpec.js';
import { overlap } from '../rmt/spikedModel.js';
import { buildAsymptoticModel, type AsymptoticModel, type TheorySpec } from '../theory/asymptoticModel.js';
import { checkC14a, libraryShrinkageTheory, type ShrinkageTheoryImpl } from '../theory/checks/c14Shrinkage.js';
import { fittedNoise, signalStrengths } from '../theory/theoryErrors.js';
import type { Claim, Scale } from './claim.js';
import { theoryHorizon } from './support/theoryHorizon.js';
import { worstClaimOutcome } from './support/theoryOutcome.js';

/** A C14(a) instance: a P = N1 theory configuration and a horizon factor (see C13Spec). */
export interface C14aSpec {
  readonly theory: TheorySpec;
  readonly horizonFactor: number;
}

function arbitrary(scale: Scale): fc.Arbitrary<C14aSpec> {
  // P = N1 (the claim's setting); N3 > N1 is allowed (transposed). Noise-fitting curves only for D_w ≤ 2 at CI (cost, see C13).
  const cheap = arbTheorySpec({ depths: [2, 3, 4], studentWidth: 'teacher', examplesOtherThanInputs: false });
  const noisy =
    scale === 'ci'
      ? arbTheorySpec({ depths: [1, 2, 2], minInitScale: 1e-4, examplesOtherThanInputs: false })
      : arbTheorySpec({ depths: [1, 2, 2, 3, 4], examplesOtherThanInputs: false });
  return fc.record({
    theory: fc.oneof({ weight: 2, arbitrary: cheap }, { weight: 1, arbitrary: noisy }),
    horizonFactor: arbUniform(0.5, 2),
  });
}

function check(spec: C14aSpec, impl: C14aImpl) {
  const model = buildAsymptoticModel(spec.theory);
  const horizon = theoryHorizon(model, spec.horizonFactor);
  return worstClaimOutcome([
    checkC14a(impl, [{ name: `horizon ${horizon.toFixed(0)} epochs`, spec: spec.theory, horizon }]),
  ]);
}

/** What C14a exercises (src/theory/checks/c14Shrinkage.ts). */
export type C14aImpl = ShrinkageTheoryImpl;

/** (7.2) with the overlap taken at σ_z = 1 (the (4.0) scaling missing). */
function overlapAtUnitNoise(m: AsymptoticModel): number {
  let num = 0;
  let den = 0;
  for (const s of m.signals) {
    const o = overlap(m.eff.signalScale * s.sBar, m.eff.aspect, 1);
    num += s.sBar ** 2 * (1 - o * o);
    den += s.sBar ** 2;
  }
  return num / den;
}

/** (7.2) with 𝒪 taken as the product of the squared overlaps (4.6)·(4.7): the square root of (4.8) forgotten, so 1 − 𝒪⁴ in place of 1 − 𝒪². */
function overlapWithoutRoot(m: AsymptoticModel): number {
  let num = 0;
  let den = 0;
  for (const s of m.signals) {
    const o = s.outputOverlapSq * s.inputOverlapSq;
    num += s.sBar ** 2 * (1 - o * o);
    den += s.sBar ** 2;
  }
  return num / den;
}

/** (5.5) without the misalignment price 2sś(1 − 𝒪) of each signal: Σ(s − s̄)² + fitted noise. */
function testErrorWithoutMisalignment(m: AsymptoticModel, t: number): number {
  const strengths = signalStrengths(m, t);
  let num = fittedNoise(m, t, false).strengthSq;
  m.signals.forEach((s, a) => (num += (strengths[a] - s.sBar) ** 2));
  return num / m.teacherNormSq;
}

/** C14(a): the shrinkage error (7.2) is below the theory curve at every time (exact). */
export const c14aShrinkageTheory: Claim<C14aSpec, C14aImpl> = {
  id: 'C14a',
  name: 'shrinkage beats gradient descent in the asymptotic theory',
  statement:
    'For P = N1 and any depth, N2, ε, aspect ratio (N3 ≷ N1), σ_z, rank and spectrum (detectable or not): the non-gradient optimum (7.2), ' +
    'Σ s̄²(1 − 𝒪²)/Σ s̄², is ≤ the theory test error (5.5) at every sampled time (slack 1e-12), because every signal term equals (s − s̄𝒪)² + s̄²(1 − 𝒪²) and every ' +
    'noise term is ≥ 0. Equality is attained (rank one with N2 = N̄2 passes exactly through s̄𝒪), so the inequality is not strict.',
  reference: '§7 (7.1)–(7.2), §5.2 (5.5); §11 C14(a); src/theory/checks checkC14a',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source:
      'algebraic identity; the slack 1e-12 covers the rounding of (5.5) and (7.2) (both accurate to ~1e-15, ACCURACY.md §1)',
  },
  instances: { ci: 100, thorough: 300 },
  arbitrary,
  implementation: libraryShrinkageTheory,
  check,
  plantedBugs: [
    {
      name: 'overlap at σ_z = 1',
      description: '(7.2) with 𝒪 computed for unit noise whatever σ_z is (the (4.0) scaling missing)',
      implementation: { ...libraryShrinkageTheory, predictedError: overlapAtUnitNoise },
    },
    {
      name: 'overlap without the square root',
      description:
        '𝒪 in (7.2) taken as the product of the squared overlaps (4.6)·(4.7) instead of its square root (4.8)',
      implementation: { ...libraryShrinkageTheory, predictedError: overlapWithoutRoot },
    },
    {
      name: 'no misalignment price in (5.5)',
      description:
        'the theory test error without the 2sś(1 − 𝒪) term of each signal (learning a misaligned direction costs nothing)',
      implementation: { ...libraryShrinkageTheory, testError: testErrorWithoutMisalignment },
    },
  ],
};
