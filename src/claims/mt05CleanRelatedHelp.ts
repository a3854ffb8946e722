/**
 * MT5 (MULTITASK.md §2, §5): under the authors' protocol, a clean related partner helps and a clean
 * unrelated partner hurts — benefit(q = 1) > benefit(q = 0), with benefit(q = 0) < 0 (interference).
 * CI: a reduced cell (support/multitaskBenefits.ts) over MT5_SEEDS paired seeds, where the ordering
 * and the interference are resolved; the sign of benefit(q = 1) alone is too small there to resolve
 * with few seeds and is checked at the authors' grid point. `--thorough`: the authors' grid point
 * (r = C = 10, d = 100, s_A = s_B = 10, ntrain = aux = 400, 5 seeds): dlgen's signs of benefit(q = 1),
 * benefit(q = 0) and of their difference must equal those of the authors' rank-10.csv (never their magnitudes).
 */
import fc from 'fast-check';
import { arbSeed } from '../arbitraries/primitives.js';
import type { MultitaskConfig } from '../multitask/config.js';
import { worstOf, type Claim, type Outcome, type PlantedBug, type Scale } from './claim.js';
import {
  authorsBenefit,
  meanOf,
  MT_REDUCED_CELL,
  multitaskStudentImpl,
  pairedBenefits,
  positive,
  sameSignAsAuthors,
  type MultitaskStudentImpl,
} from './support/multitaskBenefits.js';

/** An MT5 instance: the root seed of its paired seeds and the cell (reduced at CI size, the authors' point with --thorough). */
export interface MT5Spec {
  readonly seed: number;
  readonly cell: 'reduced' | 'authors';
}

/** Paired seeds per reduced instance: the per-seed z of both statistics (calibration in `falseFailure`) times √8 exceeds 5. */
export const MT5_SEEDS = 8;
/** Seeds at the authors' grid point (their 5). */
export const MT5_AUTHORS_SEEDS = 5;
/** Calibrated means on the reduced cell (300 paired seeds): benefit(q=1) − benefit(q=0) and −benefit(q=0); they only scale the ratio. */
export const MT5_REDUCED_GAP = 0.23;
export const MT5_REDUCED_INTERFERENCE = 0.15;

/** The authors' grid point: rank-10, ntrain = aux = 400, s_A = s_B = 10 (d = 100, C = 10, the dlgen defaults). */
const AUTHORS_POINT: Partial<MultitaskConfig> = { trainExamples: 400, auxExamples: 400, scaleA: 10, scaleB: 10 };

function arbitrary(scale: Scale): fc.Arbitrary<MT5Spec> {
  return fc.record({
    seed: arbSeed(),
    cell: fc.constant(scale === 'ci' ? ('reduced' as const) : ('authors' as const)),
  });
}

function check(spec: MT5Spec, impl: MT5Impl): Outcome {
  const points = [0, 1].map((q) => ({
    relatedness: q,
    auxExamples: spec.cell === 'reduced' ? MT_REDUCED_CELL.auxExamples! : AUTHORS_POINT.auxExamples!,
  }));
  if (spec.cell === 'reduced') {
    const b = pairedBenefits(impl, MT_REDUCED_CELL, points, MT5_SEEDS, spec.seed);
    return worstOf([
      positive(
        meanOf(b, (x) => x(1) - x(0)),
        MT5_REDUCED_GAP,
        `reduced cell, ${MT5_SEEDS} seeds: mean benefit(q=1) − benefit(q=0) (must be > 0)`,
      ),
      positive(
        meanOf(b, (x) => -x(0)),
        MT5_REDUCED_INTERFERENCE,
        `reduced cell, ${MT5_SEEDS} seeds: −mean benefit(q=0) (interference: must be > 0)`,
      ),
    ]);
  }
  const b = pairedBenefits(impl, AUTHORS_POINT, points, MT5_AUTHORS_SEEDS, spec.seed);
  const key = { mainTrain: 400, auxTrain: 400, scaleA: 10, scaleB: 10 };
  const [a0, a1] = [0, 1].map((q) => authorsBenefit('rank-10', { ...key, relatedness: q }).mean);
  return worstOf([
    sameSignAsAuthors(b, a1, (x) => x(1), 'authors’ point: benefit(q=1) with the authors’ sign'),
    sameSignAsAuthors(b, a0, (x) => x(0), 'authors’ point: benefit(q=0) with the authors’ sign'),
    sameSignAsAuthors(
      b,
      a1 - a0,
      (x) => x(1) - x(0),
      'authors’ point: benefit(q=1) − benefit(q=0) with the authors’ sign',
    ),
  ]);
}

/** What MT5 exercises: one student of a paired seed of the multitask protocol. */
export type MT5Impl = MultitaskStudentImpl;

const implementation: MT5Impl = multitaskStudentImpl;

const relatednessIgnored: PlantedBug<MT5Impl> = {
  name: 'relatedness ignored',
  description: "task B's teacher drawn with q = 0 whatever the config says (the mixing never applied)",
  implementation: { trainStudent: (c, k, kind) => implementation.trainStudent({ ...c, relatedness: 0 }, k, kind) },
};

const reversedBenefit: PlantedBug<MT5Impl> = {
  name: 'single and multitask students swapped',
  description: 'the multitask run returned as the single-task baseline and vice versa (benefit = L_multi − L_single)',
  implementation: {
    trainStudent: (c, k, kind) => implementation.trainStudent(c, k, kind === 'single' ? 'multi' : 'single'),
  },
};

const noTaskBSteps: PlantedBug<MT5Impl> = {
  name: 'no task-B steps',
  description: 'the alternating schedule takes ⌊aux/train⌋ as 0, so the multitask run is the single-task run',
  implementation: { trainStudent: (c, k) => implementation.trainStudent(c, k, 'single') },
};

/** MT5: clean related pairs help, clean unrelated pairs interfere (statistical). */
export const mt05CleanRelatedHelp: Claim<MT5Spec, MT5Impl> = {
  id: 'MT5',
  name: 'clean related pairs help, unrelated pairs interfere',
  statement:
    'Under the authors’ protocol with clean tasks, the benefit L_single − L_multi of task A is larger with a related partner (q = 1) than with an unrelated one (q = 0), and negative at q = 0 (interference): on the reduced CI cell as means over 8 paired seeds; at the authors’ grid point (r = 10, ntrain = aux = 400, s_A = s_B = 10, 5 seeds, --thorough) the signs of benefit(q=1), benefit(q=0) and their difference equal those of the authors’ rank-10.csv.',
  reference: 'MULTITASK.md §1, §2, §5 MT5',
  kind: 'statistical',
  falseFailure: {
    perInstance: 3e-7,
    source:
      'calibrated on 300 paired seeds of the reduced cell: per seed, benefit(q=1) − benefit(q=0) has mean 0.227, sd 0.128 (mean/sd 1.78) and −benefit(q=0) mean 0.148, sd 0.076 (1.94); the mean of 8 seeds falls below 0 with probability Φ(−1.78·√8) = 2.6e-7 plus Φ(−1.94·√8) = 2e-8 (Gaussian), and 0 of 2·10⁶ bootstrap resamples of 8 seeds did. Thorough (the authors’ point) is outside the CI bound: dlgen’s 5-seed means there lie ≥ 4 SE from 0 (docs/multitask.md)',
  },
  instances: { ci: 12, thorough: 12 },
  arbitrary,
  implementation,
  check,
  plantedBugs: [relatednessIgnored, reversedBenefit, noTaskBSteps],
};
