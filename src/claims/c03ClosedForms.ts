import type fc from 'fast-check';
import { arbModePoint, type ModePoint } from '../arbitraries/modePoint.js';
import { modeStrength, timeToReach } from '../dynamics/modeStrength.js';
import type { ModeDynamics } from '../dynamics/modeDynamics.js';
import { guarded } from '../theory/checks/checkOutcome.js';
import { checkC3AtPoint, libraryModeDynamics, type ModeDynamicsImpl } from '../theory/checks/c3ClosedForms.js';
import type { Claim, Scale } from './claim.js';
import { worstClaimOutcome } from './support/theoryOutcome.js';

/** A C3 instance: one point (D_w, ε, τ, c, ŝ, t) of a mode's dynamics. */
export type C3Spec = ModePoint;

function arbitrary(_scale: Scale): fc.Arbitrary<C3Spec> {
  // The whole C3 domain at both scales: a point costs microseconds (the quadrature ~0.1 ms).
  return arbModePoint();
}

/** Every C3 item at the instance's point (src/theory/checks, the items checkC3 runs over its grid); the worst one decides. */
function check(spec: C3Spec, candidate: ModeDynamicsImpl) {
  return worstClaimOutcome(checkC3AtPoint(spec, guarded(candidate)));
}

/** The log form of (3.3), ŝ/(1 + exp(ln(ŝ/(cε) − 1) − 2ŝt/τ))/c: NaN once ŝ < cε (THEORY's audit of §3.2). */
function logFormStrength(t: number, sHat: number, o: ModeDynamics): number {
  if (o.depth !== 2) return modeStrength(t, sHat, o);
  const c = o.inputScale ?? 1;
  return sHat / c / (1 + Math.exp(Math.log(sHat / (c * o.initScale) - 1) - (2 * sHat * t) / o.tau));
}

/** The authors' inversion (§12 D3): tabulate 2000 strengths between ε and ŝ/c and return the time of the nearest. */
function tableTimeToReach(s: number, sHat: number, o: ModeDynamics): number {
  const c = o.inputScale ?? 1;
  const n = 2000;
  let best = o.initScale;
  for (let i = 0; i < n; i++) {
    const si = o.initScale + ((sHat / c - o.initScale) * i) / n;
    if (Math.abs(si - s) < Math.abs(best - s)) best = si;
  }
  return timeToReach(best, sHat, o);
}

/** C3 closed forms self-consistent (exact, §3.2–§3.3). */
export const c03ClosedForms: Claim<C3Spec, ModeDynamicsImpl> = {
  id: 'C3',
  name: 'closed forms of the mode dynamics are self-consistent',
  statement:
    'At every point of ŝ ∈ [0, 1e3] (including 0, 1e-300 and ŝ < ε), ε ∈ [1e-12, 1e-1], t ∈ [0, 1e6]τ, D_w ∈ 1…6 and Σ11 = c·I (c ∈ [1/4, 4]): ' +
    's(t; ŝ) is a finite number ≥ 0; s(0) = ε (1e-14); it solves τṡ = D_w s^{2−2/D_w}(ŝ − cs) (4th-order finite difference, 1e-9 of the rate scale); ' +
    't(s(t)) = t (1e-9) where the inversion is well conditioned; s → ŝ/c (1e-14 at t = 1e300 once relaxed); s moves monotonically toward ŝ/c in t; ' +
    's is non-decreasing in ŝ for every ŝ ≥ 0, not only ŝ > ε (comparison principle); for D_w = 2, t½ is strictly decreasing in ŝ once ŝ/(cε) > 4.6 ' +
    "(the exact crossing is 4.591; below it t½ increases); and the inverted time (3.7) equals quadrature of (3.7) and, for D_w = 4, the authors' (3.8) to 1e-10. " +
    'Comparisons between two computed strengths allow 64(1 + κ₁ + κ₂)eps with κ = t|ṡ|/s, the conditioning of s(t) in t.',
  reference: '§3.2 (3.3)–(3.5), §3.3 (3.6)–(3.8), §9.1; §11 C3',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source:
      'exact identities; each tolerance is a rounding bound derived in src/theory/checks/c3ClosedForms.ts (largest ratio to its tolerance over 2e4 random points: 0.18)',
  },
  instances: { ci: 2000, thorough: 100_000 },
  arbitrary,
  implementation: libraryModeDynamics,
  check,
  plantedBugs: [
    {
      name: 'log form of (3.3)',
      description: 'evaluates (3.3) as ŝ/(1 + exp(ln(ŝ/ε − 1) − 2ŝt/τ)), which is NaN for 0 < ŝ < ε',
      implementation: { ...libraryModeDynamics, strength: logFormStrength },
    },
    {
      name: 'missing factor 2 in the exponent',
      description: 'D_w = 2 strengths from τṡ = s(ŝ − s) (the mode runs at half speed)',
      implementation: {
        ...libraryModeDynamics,
        strength: (t, sHat, o) => modeStrength(o.depth === 2 ? t / 2 : t, sHat, o),
      },
    },
    {
      name: 'lookup-table inversion',
      description: "the authors' 2000-point table for t(s) (§12 D3) instead of the closed form",
      implementation: { ...libraryModeDynamics, timeToReach: tableTimeToReach },
    },
    {
      name: 'depth-4 dynamics for every deep student',
      description: 'uses the D_w = 4 solution for D_w = 3, 5, 6 (the authors only implemented D_w ∈ {2, 4})',
      implementation: {
        ...libraryModeDynamics,
        strength: (t, sHat, o) => modeStrength(t, sHat, o.depth >= 3 ? { ...o, depth: 4 } : o),
      },
    },
  ],
};
