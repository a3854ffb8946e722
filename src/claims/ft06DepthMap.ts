/**
 * FT6: a depth-N scalar-output network started at an exactly balanced factorisation of W_S and fine-tuned by GD on
 * P < N1 samples converges to (A5) W_∞ = yX⁺ + α_N W_S(I − Π). (A5) is a gradient-flow result; GD differs by O(λ),
 * so the step is fixed relative to the stiffness, λ·N·λ_max(XXᵀ)·max(‖W_S‖, ‖W_T‖)^{2−2/N} = s: FINETUNE.md's s = 0.003
 * with tolerance 1e-3 (observed gap ≤ 1.2e-4) when thorough, and s = 0.03 with 1e-2 at CI (the gap is linear in λ,
 * which the λ-halving test shows). The gap is measured relative to max(‖(A5)‖, ‖W_S‖): it accumulates along the path
 * from W_S, and relative to a small end point alone it reached the tolerance (recorded counterexample
 * FT6-near-orthogonal-small-target: 1.0e-3 at s = 0.003 for a near-orthogonal target with ‖W_T‖ = 0.3‖W_S‖).
 */
import fc from 'fast-check';
import { arbLogUniform, arbSeed, arbUniform } from '../arbitraries/primitives.js';
import { balancedFactorisation } from '../finetune/balanced.js';
import { deepFineTunedMap } from '../finetune/depthMap.js';
import { addScaled, minimumNormFit } from '../finetune/interpolant.js';
import { outOfSpan } from '../finetune/projection.js';
import { trainFrom } from '../finetune/train.js';
import type { Mat } from '../linalg/mat.js';
import { frobenius, frobeniusSq } from '../linalg/norms.js';
import { atMost, type Claim, type Outcome, type PlantedBug, type Scale } from './claim.js';
import {
  arbCovarianceDraw,
  covarianceFor,
  drawFtTask,
  relativeDistance,
  type FtTaskSpec,
} from './support/finetuneTask.js';
import { balancedFineTune, type BalancedFineTuneImpl } from './support/finetuneTraining.js';

/** An FT6 instance: N3 = 1, hidden widths ≥ 1, depth N = hiddenDims.length + 1 ∈ [1, 8], P ≤ N1/2, cond Σ ≤ 10, λ scaled by `step`. */
export interface Ft6Spec extends FtTaskSpec {
  readonly hiddenDims: readonly number[];
  /** λ·N·λ_max(XXᵀ)·max(‖W_S‖, ‖W_T‖)^{2−2/N}. */
  readonly step: number;
}

/** The step FINETUNE.md §4 FT6 prescribes (thorough); CI runs 10× larger steps. */
export const FT6_STEP = { ci: 0.03, thorough: 0.003 } as const;
/** Relative gap allowed per unit of step: 1e-3 at 0.003 (FINETUNE.md §4 FT6; observed ≤ 1.2e-4), scaled linearly. */
export const FT6_TOL_PER_STEP = 1e-3 / 0.003;
/** Training stops once ½‖y − WX‖² ≤ FT6_STOP·½‖y‖²: the in-span error is then ≲ 1e-6‖y‖/σ_min(X), far below the tolerance. */
export const FT6_STOP = 1e-12;

function arbitrary(scale: Scale): fc.Arbitrary<Ft6Spec> {
  // Thorough: FINETUNE.md's full size (N1 up to 40, P up to N1/2 ⊇ its P = 8, depth up to 8, step 0.003).
  const maxN1 = scale === 'ci' ? 8 : 40;
  const maxDepth = scale === 'ci' ? 5 : 8;
  const maxCond = scale === 'ci' ? 3 : 10;
  return fc
    .record({
      n1: fc.integer({ min: 2, max: maxN1 }),
      pf: arbUniform(0, 1),
      depth: fc.integer({ min: 1, max: maxDepth }),
      widths: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 7, maxLength: 7 }),
      cov: arbCovarianceDraw(),
      sourceNorm: arbLogUniform(0.3, 3),
      targetScale: arbUniform(0.3, 3),
      targetAngle: arbUniform(0, Math.PI),
      seed: arbSeed(),
    })
    .map((d) => ({
      inputDim: d.n1,
      outputDim: 1,
      examples: 1 + Math.floor(d.pf * Math.floor((d.n1 - 1) / 2)),
      covariance: covarianceFor(d.n1, d.cov, maxCond),
      sourceNorm: d.sourceNorm,
      targetScale: d.targetScale,
      targetAngle: d.targetAngle,
      noiseStd: 0,
      hiddenDims: d.widths.slice(0, d.depth - 1),
      step: FT6_STEP[scale],
      seed: d.seed,
    }));
}

/** GD from the balanced factorisation of W_S until the loss is ≤ FT6_STOP·½‖y‖², and (A5) on the same arrays. */
export function ft6Run(spec: Ft6Spec, impl: Ft6Impl): { gd: Mat; theory: Mat; source: Mat; epochs: number } {
  const task = drawFtTask(spec);
  const run = balancedFineTune(task, spec.hiddenDims, spec.step, FT6_STOP, spec.seed, impl);
  return {
    gd: run.map,
    theory: impl.depthMap(spec.hiddenDims.length + 1, task.source, task.y, task.span).map,
    source: task.source,
    epochs: run.epochs,
  };
}

function check(spec: Ft6Spec, impl: Ft6Impl): Outcome {
  const { gd, theory, source, epochs } = ft6Run(spec, impl);
  return atMost(
    ft6Gap(gd, theory, source),
    0,
    FT6_TOL_PER_STEP * spec.step,
    `‖W^GD − (A5)‖/max(‖(A5)‖, ‖W_S‖) at depth ${spec.hiddenDims.length + 1} after ${epochs} epochs (λ·N·λ_max·m^{2−2/N} = ${spec.step})`,
  );
}

/** ‖W^GD − (A5)‖ / max(‖(A5)‖, ‖W_S‖). */
export function ft6Gap(gd: Mat, theory: Mat, source: Mat): number {
  return (relativeDistance(gd, theory) * frobenius(theory)) / Math.max(frobenius(theory), frobenius(source));
}

/** What FT6 exercises: the balanced pretraining construction, training from given weights, and (A5). */
export interface Ft6Impl extends BalancedFineTuneImpl {
  readonly depthMap: typeof deepFineTunedMap;
}

const implementation: Ft6Impl = { factorise: balancedFactorisation, train: trainFrom, depthMap: deepFineTunedMap };

/** (A5) with α_N from a wrong equation `alphaOf(N, p, u, w)`. */
function depthMapWith(alphaOf: (depth: number, p: number, u: number, w: number) => number): typeof deepFineTunedMap {
  return (depth, source, y, span) => {
    const fit = minimumNormFit(y, span);
    const out = outOfSpan(source, span);
    const alpha = depth === 1 ? 1 : alphaOf(depth, frobeniusSq(fit), frobeniusSq(out), frobeniusSq(source));
    return { map: addScaled(fit, alpha, out), alpha };
  };
}

/** Root of α^k·w = p + α²·u by bisection in ln α (the bugs below change k). */
function rootFor(k: number, p: number, u: number, w: number): number {
  let lo = -50;
  let hi = 50;
  for (let i = 0; i < 200; i++) {
    const b = 0.5 * (lo + hi);
    if (Math.exp(k * b) * w - p - Math.exp(2 * b) * u > 0) hi = b;
    else lo = b;
  }
  return Math.exp(0.5 * (lo + hi));
}

const plantedBugs: readonly PlantedBug<Ft6Impl>[] = [
  {
    name: 'wrong exponent',
    description: '(A5) with α^{2(N−1)/N} instead of α^{2N/(N−1)}',
    implementation: {
      ...implementation,
      depthMap: depthMapWith((n, p, u, w) => (n === 2 ? rootFor(1, p, u, w) : rootFor((2 * (n - 1)) / n, p, u, w))),
    },
  },
  {
    name: 'dropped (N−1) term',
    description: 'drops (N−1)(GŴᵀ)Ŵ from the end-to-end flow, so the out-of-span part never rescales (α_N = 1)',
    implementation: { ...implementation, depthMap: depthMapWith(() => 1) },
  },
  {
    name: 'unbalanced factorisation',
    description: 'pretrains with W^1 = W_S and unit-norm rank-1 layers above, instead of the balanced a·r_l r_{l−1}ᵀ',
    implementation: {
      ...implementation,
      factorise: (source, hiddenDims, rng) => {
        const balanced = balancedFactorisation(source, hiddenDims, rng);
        if (balanced.length === 1) return balanced;
        const a = Math.pow(frobenius(source), 1 / balanced.length);
        return balanced.map((l, i) => ({
          ...l,
          data: l.data.map((v) => (i === 0 ? v * Math.pow(a, balanced.length - 1) : v / a)),
        }));
      },
    },
  },
];

/** FT6: GD from a balanced init at W_S reaches (A5) (exact in the flow limit). */
export const ft06DepthMap: Claim<Ft6Spec, Ft6Impl> = {
  id: 'FT6',
  name: 'depth-N fine-tuned map from a balanced pretrained network',
  statement:
    'A scalar-output deep linear network at an exact balanced factorisation of W_S (any widths, depth N ≤ 8), fine-tuned by GD with λ·N·λ_max(XXᵀ)·max(‖W_S‖, ‖W_T‖)^{2−2/N} = 0.003, ' +
    'converges to (A5) yX⁺ + α_N W_S(I − Π), α_N^{2N/(N−1)}‖W_S‖² = ‖yX⁺‖² + α_N²‖W_S(I−Π)‖², within 1e-3·max(‖(A5)‖, ‖W_S‖) (CI: step 0.03, 1e-2); the gap is O(λ) (it halves with λ).',
  reference: 'FINETUNE.md §2 (A4)–(A5); §4 FT6',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source:
      'exact in the flow limit; at the prescribed step the GD–flow gap is ≤ 1.2e-4 (FINETUNE.md) against the tolerance 1e-3',
  },
  instances: { ci: 100, thorough: 300 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
