/**
 * C12a: in the theory the test error at any time never decreases when hidden units are added, so ε_opt does not
 * either; the signal terms are the same for every width (§5.2–§5.3; exact within the model).
 */
import fc from 'fast-check';
import { arbFraction, arbLogUniform, arbUniform, fractionToInt } from '../arbitraries/primitives.js';
import { atMost, worstOf, type Claim, type Outcome, type Scale, type PlantedBug } from './claim.js';
import { realTheoryOptimum, type TheoryOptimumImpl } from './support/theoryModel.js';
import { theorySpecOfWidth, theoryWithSpec, widthHorizon } from './support/widthSweep.js';

/** A C12(a) instance: a task (any P, N3 ≷ N1), a depth, two widths N2 < N2' and the fractions of the horizon where they are compared. */
export interface C12aSpec {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly examples: number;
  readonly depth: number;
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
  readonly initScale: number;
  readonly widths: readonly [number, number];
  /** Times t = f · horizon (f ∈ [0, 1]). */
  readonly times: readonly number[];
}

function arbitrary(scale: Scale): fc.Arbitrary<C12aSpec> {
  const maxN3 = scale === 'ci' ? 200 : 1000;
  return fc
    .record({
      n3: fc.integer({ min: 2, max: maxN3 }),
      ratio: arbLogUniform(0.25, 2),
      regime: fc.constantFrom(0, 0, 1, 2),
      examplesFraction: arbFraction(),
      depth: fc.constantFrom(2, 2, 2, 3, 4),
      rank: fc.integer({ min: 1, max: 3 }),
      // s̄/σ_z: 0 (an absent mode) or in [0.01, 10].
      spectrum: fc.array(fc.oneof(fc.constant(0), arbUniform(0.01, 10)), { minLength: 3, maxLength: 3 }),
      noiseStd: arbLogUniform(0.2, 3),
      initScale: arbLogUniform(1e-8, 1e-2),
      w: fc.tuple(arbFraction(), arbFraction()),
      times: fc.array(
        fc.integer({ min: 0, max: 200 }).map((k) => k / 200),
        { minLength: 6, maxLength: 6 },
      ),
    })
    .map((d) => {
      const n3 = d.n3;
      const n1 = Math.max(1, Math.round(n3 / d.ratio));
      const examples =
        d.regime === 0
          ? n1
          : d.regime === 1
            ? fractionToInt(d.examplesFraction, 1, n1)
            : fractionToInt(d.examplesFraction, n1, 4 * n1);
      const rank = Math.min(d.rank, n1, n3, examples);
      const sBar = d.spectrum.slice(0, rank).sort((a, b) => b - a);
      if (!(sBar[0] > 0)) sBar[0] = 1;
      const top = Math.min(n1, n3, examples);
      const a = fractionToInt(Math.min(...d.w), rank, Math.max(rank, top));
      const b = fractionToInt(Math.max(...d.w), a, Math.max(a, top));
      return {
        inputDim: n1,
        outputDim: n3,
        examples,
        depth: d.depth,
        teacherSingularValues: sBar.map((s) => s * d.noiseStd),
        noiseStd: d.noiseStd,
        initScale: d.initScale,
        widths: [a, b === a ? Math.min(a + 1, Math.max(a + 1, top)) : b] as [number, number],
        times: d.times,
      };
    });
}

/** Relative slack of the comparisons: the bulk integrals carry relTol 1e-11 (ACCURACY.md §2). */
const C12A_REL = 1e-9;

function check(spec: C12aSpec, impl: C12aImpl): Outcome {
  const [n2a, n2b] = spec.widths;
  const small = impl.model(theorySpecOfWidth(spec, n2a));
  const large = impl.model(theorySpecOfWidth(spec, n2b));
  const horizon = widthHorizon(small);
  const outcomes: Outcome[] = [];
  for (const f of spec.times) {
    const t = f * horizon;
    const a = impl.testError(small, t);
    const b = impl.testError(large, t);
    outcomes.push(
      atMost(
        a - b,
        0,
        C12A_REL * Math.max(a, b) + 1e-15,
        `ε_th(t; N2=${n2a}) − ε_th(t; N2=${n2b}) at t = ${t.toPrecision(4)}τ: ${a} vs ${b}`,
      ),
    );
  }
  if (spec.depth === 2) {
    const oa = impl.optimum(small, horizon);
    const ob = impl.optimum(large, horizon);
    outcomes.push(
      atMost(
        oa.minError - ob.minError,
        0,
        C12A_REL * ob.minError + 1e-15,
        `ε_opt(N2=${n2a}) − ε_opt(N2=${n2b}): ${oa.minError} at ${oa.tOpt} vs ${ob.minError} at ${ob.tOpt}`,
      ),
    );
  }
  return worstOf(outcomes);
}

/** What C12a exercises: the asymptotic theory, its test error and its global optimum (support/theoryModel.ts). */
export type C12aImpl = TheoryOptimumImpl;

/** Bug: the initial map is normalised in Frobenius norm, so each of the min(N2, …) modes starts at ε/√N2. */
const frobeniusInit = theoryWithSpec((spec) => ({
  ...spec,
  initScale: spec.initScale / Math.sqrt(Math.min(...spec.hiddenDims)),
}));
const implementation: C12aImpl = realTheoryOptimum;

const plantedBugs: readonly PlantedBug<C12aImpl>[] = [
  {
    name: 'Frobenius-normalised init',
    description: 'the theory starts each of the N2 modes at ε/√N2 (initial map normalised in Frobenius norm)',
    implementation: frobeniusInit,
  },
];

/** C12(a): the theory's test error never decreases when hidden units are added (exact within the model). */
export const c12aMonotoneInWidth: Claim<C12aSpec, C12aImpl> = {
  id: 'C12a',
  name: 'theory test error non-decreasing in the hidden width',
  statement:
    'For a fixed task (any P, N1, N3, σ_z, spectrum, including undetectable modes), depth D_w ∈ {2, 3, 4} and ε: ε_test^th(t; N2) of (5.5)/(5.7) is non-decreasing in N2 ∈ [N̄2, min(N1, N3, P)] at every t ' +
    '(each extra hidden unit fits one more, weaker, noise mode and leaves the signal terms unchanged), hence so is ε_opt (checked for D_w = 2 with the global optimum).',
  reference: '§5.2 (5.4)–(5.5), §6 "Independence of network size"; §11 C12',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source:
      'exact property of (5.5): every term added with N2 is ≥ 0; slack 1e-9 relative covers the bulk quadrature (relTol 1e-11)',
  },
  instances: { ci: 100, thorough: 1000 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
