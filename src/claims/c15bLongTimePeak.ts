/**
 * C15b: in the theory (§5.5–§5.6) the long-time test error is not monotone in P: for N1 = N3 it peaks at P = N1.
 */
import fc from 'fast-check';
import { arbFraction, arbLogUniform, fractionToInt } from '../arbitraries/primitives.js';
import { buildAsymptoticModel } from '../theory/asymptoticModel.js';
import { atMost, worstOf, type Claim, type Outcome, type Scale, type PlantedBug } from './claim.js';
import {
  realTheoryOptimum,
  theorySpecWithExamples,
  THEORY_VALUE_REL,
  type TheoryOptimumImpl,
} from './support/theoryModel.js';

/** A C15(b) instance: N1 = N3 = N, a teacher and noise, and two example counts on the same side of N. */
export interface C15bSpec {
  readonly size: number;
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
  readonly examples: readonly [number, number];
}

/** Long-time limit evaluated at t = 1e6 τ_eff (bulk modes not yet learned then carry < 1e-12 of the energy). */
const C15_LONG = 1e6;

/** Σs̄² ≤ c·N σ_z² for the peak at P = N1 (see the statement: false for strong teachers). */
export const C15B_ENERGY_RATIO = 1;

function arbitrary(scale: Scale): fc.Arbitrary<C15bSpec> {
  const maxN = scale === 'ci' ? 200 : 1000;
  return fc
    .record({
      n: fc.integer({ min: 4, max: maxN }),
      rank: fc.integer({ min: 1, max: 3 }),
      shares: fc.array(arbFraction(0.01, 1), { minLength: 3, maxLength: 3 }),
      energy: arbFraction(0, 1),
      noiseStd: arbLogUniform(0.2, 3),
      above: fc.boolean(),
      p: fc.tuple(arbFraction(), arbFraction()),
    })
    .map((d) => {
      const n = d.n;
      const rank = Math.min(d.rank, n);
      // Σs̄² = energy · C15B_ENERGY_RATIO · N σ_z², split over the modes by `shares`.
      const shares = d.shares.slice(0, rank);
      const total = shares.reduce((a, b) => a + b, 0);
      const e = Math.max(1e-6, d.energy) * C15B_ENERGY_RATIO * n * d.noiseStd ** 2;
      const sBar = shares.map((s) => Math.sqrt((e * s) / total)).sort((a, b) => b - a);
      // P > N̄2: with fewer examples than teacher modes the spiked model of §4.5 does not apply.
      const [lo, hi] = d.above ? [n, 4 * n] : [rank + 1, n];
      const pa = fractionToInt(Math.min(...d.p), lo, hi);
      const pb = fractionToInt(Math.max(...d.p), pa, hi);
      return {
        size: n,
        teacherSingularValues: sBar,
        noiseStd: d.noiseStd,
        examples: [pa, pb === pa ? Math.min(hi, pa + 1) : pb] as [number, number],
      };
    });
}

function longTimeError(spec: C15bSpec, p: number, impl: C15bImpl): number {
  const m = impl.model(
    theorySpecWithExamples(
      {
        inputDim: spec.size,
        outputDim: spec.size,
        teacherSingularValues: spec.teacherSingularValues,
        noiseStd: spec.noiseStd,
        initScale: 1e-5 * spec.noiseStd,
      },
      p,
    ),
  );
  return impl.testError(m, C15_LONG * m.dynamics.tau);
}

function check(spec: C15bSpec, impl: C15bImpl): Outcome {
  const [pa, pb] = spec.examples;
  const a = longTimeError(spec, pa, impl);
  const b = longTimeError(spec, pb, impl);
  const n = spec.size;
  const peak = longTimeError(spec, n, impl);
  const tol = (x: number) => THEORY_VALUE_REL * x + 1e-12;
  // Below N1: non-decreasing (a ≤ b ≤ peak); above: non-increasing (peak ≥ a ≥ b).
  const outcomes =
    pb <= n
      ? [
          atMost(a - b, 0, tol(b), `ε_∞(P=${pa}) = ${a} ≤ ε_∞(P=${pb}) = ${b} (P ≤ N1 = ${n})`),
          atMost(b - peak, 0, tol(peak), `ε_∞(P=${pb}) = ${b} ≤ ε_∞(N1) = ${peak}`),
        ]
      : [
          atMost(b - a, 0, tol(a), `ε_∞(P=${pb}) = ${b} ≤ ε_∞(P=${pa}) = ${a} (P ≥ N1 = ${n})`),
          atMost(a - peak, 0, tol(peak), `ε_∞(P=${pa}) = ${a} ≤ ε_∞(N1) = ${peak}`),
        ];
  return worstOf(outcomes);
}

/** What C15b exercises: the asymptotic theory, its test error and its global optimum (support/theoryModel.ts). */
export type C15bImpl = TheoryOptimumImpl;

/** Bug: the noise-mode count ignores P, min(N3, N1) − N̄2 instead of min(N3, N1, P) − N̄2 (5.4). */
const countIgnoresP: C15bImpl = {
  ...realTheoryOptimum,
  model(spec) {
    const m = buildAsymptoticModel(spec);
    const n = Math.max(0, Math.min(spec.outputDim, spec.inputDim) - spec.teacherSingularValues.length);
    return {
      ...m,
      nNoise: n,
      nFit: Math.min(n, Math.max(0, Math.min(...spec.hiddenDims) - spec.teacherSingularValues.length)),
    };
  },
};
const implementation: C15bImpl = realTheoryOptimum;

const plantedBugs: readonly PlantedBug<C15bImpl>[] = [
  {
    name: 'noise count ignores P',
    description: 'n_noise = min(N3, N1) − N̄2 instead of min(N3, N1, P) − N̄2 (5.4)',
    implementation: countIgnoresP,
  },
];

/** C15(b): the long-time test error is largest at P = N1 (N1 = N3), increasing before and decreasing after (theory, exact). */
export const c15bLongTimePeak: Claim<C15bSpec, C15bImpl> = {
  id: 'C15b',
  name: 'long-time test error peaks at P = N1 (theory)',
  statement:
    'For N1 = N3 = N ∈ [4, 200], one hidden layer of width N, rank 1–3, σ_z ∈ [0.2, 3], ε = 1e-5σ_z and a teacher with Σs̄² ≤ Nσ_z²: the theory’s long-time test error ε_∞(P) (t → ∞, evaluated at ' +
    '1e6τ_eff) is non-decreasing in P on (N̄2, N] and non-increasing on [N, 4N], so it peaks at P = N1. The condition is needed and sharp: below N1, ε_∞·Σs̄² ≈ Pσ_z² + Σs̄²(1 − P/N) + …, whose slope ' +
    'σ_z² − Σs̄²/N is negative for strong teachers — with Σs̄² = 1.5Nσ_z² already 15% of pairs violate the peak (e.g. N = 194, s̄ = 17σ_z: ε_∞ = 0.997 at P = 2, 0.67 at P = N). THEORY states the peak unconditionally ' +
    '(F8 had Σs̄² ≤ 16 ≤ N σ_z² = 100).',
  reference: '§4.5, §5.5–§5.6, §6 "Number of examples"; §11 C15',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source:
      'deterministic function of the spec (asymptotic theory); no failure on 4×10⁴ CI instances with Σs̄² ≤ Nσ_z²; 15%, 21% and 33% of pairs fail at Σs̄² ≤ 1.5, 2 and 4 Nσ_z²',
  },
  instances: { ci: 100, thorough: 1000 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
