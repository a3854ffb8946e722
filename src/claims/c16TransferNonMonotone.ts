import fc from 'fast-check';
import { arbLogUniform, arbUniform } from '../arbitraries/primitives.js';
import { atLeast, atMost, worstOf, type Claim, type Outcome, type Scale } from './claim.js';
import { arbTheoryPair, paperSizeInstance, type TransferTheoryInstance } from './c16TransferOrthogonal.js';
import { epsilonFloor, jointMinimum, realTransferTheory, sharedOutputValue, sharesOfB, type TransferTheoryImpl } from './c16TransferTheoryImpl.js';

/**
 * A C16g instance. `moderate`: the paper's sizes with s̄_A/σ ∈ [1.9, 2.5] (s̄_A ≈ 3 at σ = √2) and a partner
 * that is not weak; `weak`: any sizes with s̄_A/σ ≤ 1.5/√2 and three alignments q1 < q2 < q3.
 */
export type C16gSpec = TransferTheoryInstance & ({ readonly kind: 'moderate' } | { readonly kind: 'weak'; readonly qs: readonly [number, number, number] });

/** Alignments scanned for the dip of a moderate target (THEORY.md: around q ≈ 0.4–0.7). */
export const DIP_GRID = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8] as const;
/** The dip must be at least this deep to count (the scan at the paper's sizes finds 0.003–0.04). */
export const DIP_DEPTH = 1e-3;
/** "Weak" target: s̄_A ≤ 1.5 at σ_z = √2 (§8.1 conventions). */
export const WEAK_A = 1.5 / Math.SQRT2;

function arbitrary(scale: Scale): fc.Arbitrary<C16gSpec> {
  void scale;
  const moderate = fc
    .record({ sA: arbUniform(1.9, 2.5), sB: arbLogUniform(2.2, 70) })
    .map(({ sA, sB }) => ({ ...paperSizeInstance(sA, sB, 0), kind: 'moderate' as const }));
  const weak = fc
    .record({ inst: arbTheoryPair(arbLogUniform(0.05, WEAK_A), arbLogUniform(0.2, 70), fc.constant(0)), u: fc.array(arbUniform(), { minLength: 3, maxLength: 3 }) })
    .map(({ inst, u }) => {
      const qs = [...u].sort((a, b) => a - b) as [number, number, number];
      return { ...inst, kind: 'weak' as const, qs };
    });
  return fc.oneof(moderate, weak);
}

function check(spec: C16gSpec, impl: TransferTheoryImpl): Outcome {
  const s = spec.spec;
  const horizon = spec.horizonTau / s.learningRate;
  // T(q) − T(q') = min joint(q') − min joint(q): the alone curve cancels.
  let lowest = Infinity;
  const joint = (q: number) => {
    const j = jointMinimum(impl, { ...s, alignment: q }, horizon);
    lowest = Math.min(lowest, j);
    return j;
  };
  const nonNegative = () => atLeast(lowest, 0, 1e-12, `the joint error (8.3) is a squared distance: its minimum ${lowest} must be ≥ 0`);
  if (spec.kind === 'moderate') {
    const base = joint(0);
    const worst = Math.max(...DIP_GRID.map(joint));
    return worstOf([
      nonNegative(),
      atLeast(worst - base, DIP_DEPTH, Number.MIN_VALUE, `moderate target: T(0) − min_q T(q) over q ∈ {0.3, …, 0.8} = ${worst - base} must exceed ${DIP_DEPTH} (a dip)`),
    ]);
  }
  const floor = epsilonFloor(s);
  const [a, b, c] = spec.qs.map(joint);
  const out: Outcome[] = [
    nonNegative(),
    atMost(b, a, floor, `weak target: T must not fall from q = ${spec.qs[0]} to ${spec.qs[1]} (joint minima ${a}, ${b})`),
    atMost(c, b, floor, `weak target: T must not fall from q = ${spec.qs[1]} to ${spec.qs[2]} (joint minima ${b}, ${c})`),
  ];
  return worstOf(out);
}

/** C16g no monotonicity of T in q in general (theory exact), §8.5, §12 T2. */
export const c16gNonMonotone: Claim<C16gSpec, TransferTheoryImpl> = {
  id: 'C16g',
  name: 'T is not monotone in the alignment in general',
  statement:
    'Do not assert that more aligned features always transfer more. For a moderate target (s̄_A ≈ 3 at σ_z = √2, the paper\'s sizes) with a ' +
    'partner that is not weak, T^th(q) dips below T^th(0) for some q ∈ [0.3, 0.8] (interference grows before alignment pays); monotone ' +
    'increase in q holds for weak or undetectable targets (s̄_A ≤ 1.5 at σ_z = √2).',
  reference: '§8.5; §11 C16(g); §12 T2',
  kind: 'exact',
  falseFailure: { perInstance: 0, source: 'deterministic theory; the dip threshold 1e-3 is below the smallest dip (2.7e-3) of a scan of the domain' },
  instances: { ci: 100, thorough: 400 },
  arbitrary,
  implementation: realTransferTheory,
  check,
  plantedBugs: [
    { name: 'shared-output joint value (§12 D9)', description: 'uses √(s̄_A² + s̄_B² + 2q s̄_A s̄_B) as the top joint singular value', implementation: sharedOutputValue },
    { name: "B's block shares", description: "takes each joint mode's share of B's output block (1 − a_k) for A's", implementation: sharesOfB },
  ],
};
