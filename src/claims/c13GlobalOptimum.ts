import fc from 'fast-check';
import { arbTheorySpec } from '../arbitraries/theorySpec.js';
import { arbUniform } from '../arbitraries/primitives.js';
import { halfTime } from '../dynamics/modeStrength.js';
import { buildAsymptoticModel, type TheorySpec } from '../theory/asymptoticModel.js';
import { checkC13, type TheoryMinimizer } from '../theory/checks/c13GlobalOptimum.js';
import { brentMinimize } from '../numerics/brent.js';
import { theoryOptimalStopping } from '../theory/theoryOptimalStopping.js';
import { theoryTestError } from '../theory/theoryErrors.js';
import type { Claim, Scale } from './claim.js';
import { theoryHorizon } from './support/theoryHorizon.js';
import { worstClaimOutcome } from './support/theoryOutcome.js';

/** A C13 instance: a theory configuration and how far past its slowest learned signal the curve is minimised. */
export interface C13Spec {
  readonly theory: TheorySpec;
  /** Horizon = horizonFactor × the time the slowest learned detectable signal takes to reach 99% of ŝ (2τ if there is none). */
  readonly horizonFactor: number;
}

/**
 * Theory configurations (arbTheorySpec), half with far-apart detectable modes. Curves whose student fits noise modes cost ~60 µs per point
 * for D_w ≤ 2 and ~0.7 ms for D_w ≥ 3 (bulk quadrature), against ~2 µs when N2 = N̄2; CI draws four
 * fifths of its instances from the cheap family (any depth ≥ 2, N2 = N̄2: the multimodality comes
 * from the signal modes alone) and fits noise only for D_w ≤ 2 with ε ≥ 1e-4 (short horizons).
 */
function arbitrary(scale: Scale): fc.Arbitrary<C13Spec> {
  const horizonFactor = arbUniform(0.5, 2);
  const family = (spectrum: 'spread' | 'separated') => {
    const cheap = arbTheorySpec({ depths: [2, 3, 4], studentWidth: 'teacher', spectrum });
    const noisy =
      scale === 'ci'
        ? arbTheorySpec({ depths: [1, 2, 2], minInitScale: 1e-4, spectrum })
        : arbTheorySpec({ depths: [1, 2, 2, 3, 4], spectrum });
    return scale === 'ci'
      ? fc.oneof({ weight: 4, arbitrary: cheap }, { weight: 1, arbitrary: noisy })
      : fc.oneof(cheap, noisy);
  };
  // Half the instances have far-apart detectable modes: the multimodal curves the claim is about.
  return fc.record({ theory: fc.oneof(family('spread'), family('separated')), horizonFactor });
}

function check(spec: C13Spec, minimize: TheoryMinimizer) {
  const model = buildAsymptoticModel(spec.theory);
  const horizon = theoryHorizon(model, spec.horizonFactor);
  const safe: TheoryMinimizer = (m, h) => {
    try {
      return minimize(m, h);
    } catch {
      return { tOpt: NaN, minError: NaN };
    }
  };
  return worstClaimOutcome(checkC13(safe, [{ name: `horizon ${horizon.toFixed(0)} epochs`, model, horizon }]));
}

/** Minimum over a recording grid (every 0.05τ, as a simulation would record) instead of a continuous minimum. */
const gridScan: TheoryMinimizer = (m, h) => {
  const step = 0.05 * m.dynamics.tau;
  let best = { tOpt: 0, minError: Infinity };
  for (let t = 0; t <= h; t += step) {
    const v = theoryTestError(m, t);
    if (v < best.minError) best = { tOpt: t, minError: v };
  }
  return best;
};

/** Early stopping without patience: walk forward in steps of 0.01τ until the error first rises, then refine by Brent there. */
const firstLocalMinimum: TheoryMinimizer = (m, h) => {
  const step = 0.01 * m.dynamics.tau;
  const f = (t: number) => theoryTestError(m, t);
  let t = 0;
  let prev = f(0);
  while (t + step <= h) {
    const next = f(t + step);
    if (next > prev) break;
    prev = next;
    t += step;
  }
  const r = brentMinimize(f, Math.max(0, t - step), Math.min(h, t + step));
  return r.fx < prev ? { tOpt: r.x, minError: r.fx } : { tOpt: t, minError: prev };
};

/** Brent bracketed around the strongest mode's learning (0 to 3 of its half-times): misses later, deeper dips. */
const firstModeOnly: TheoryMinimizer = (m, h) => {
  const s = m.signals[0];
  const t = s.sHat > 2 * m.dynamics.initScale ? halfTime(s.sHat, m.dynamics) : m.dynamics.tau;
  const r = brentMinimize((x) => theoryTestError(m, x), 0, Math.min(h, 3 * t));
  return { tOpt: r.x, minError: r.fx };
};

/** C13 the theoretical optimum is global (exact, §6). */
export const c13GlobalOptimum: Claim<C13Spec, TheoryMinimizer> = {
  id: 'C13',
  name: 'the theory’s optimal stopping point is the global minimum',
  statement:
    'For every theory configuration (any depth, σ_z, ε, N2, P ≷ N1, N3 ≷ N1, rank 1–4 with widely separated or undetectable teacher values, whose test curve (5.5)/(5.7) ' +
    'can have several local minima) the minimum returned by theoryOptimalStopping on [0, H] is ≤ the minimum of the same curve over a dense grid of step 0.005τ_eff ' +
    'on [0, H] plus 1e-9, and the curve takes the reported value at the reported time (1e-12 relative). A minimiser that stops at the first local minimum, brackets only ' +
    'the strongest mode, or scans a recording grid is wrong on such curves.',
  reference: '§6; §11 C13; src/theory/checks checkC13',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source:
      'exact: the grid values are samples of the same curve the minimiser minimises; 1e-9 ≫ the curve’s 1e-11 quadrature accuracy (ACCURACY.md §2)',
  },
  instances: { ci: 100, thorough: 300 },
  arbitrary,
  implementation: theoryOptimalStopping,
  check,
  plantedBugs: [
    {
      name: 'recording-grid scan',
      description: 'the minimum over a grid of step 0.05τ instead of the continuous minimum',
      implementation: gridScan,
    },
    {
      name: 'first local minimum',
      description: 'stops at the first rise of the curve (early stopping without patience) and refines there',
      implementation: firstLocalMinimum,
    },
    {
      name: 'first-mode bracket',
      description: 'Brent between 0 and three half-times of the strongest mode only',
      implementation: firstModeOnly,
    },
  ],
};
