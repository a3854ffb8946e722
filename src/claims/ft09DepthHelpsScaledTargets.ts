/**
 * FT9: for a scaled target W_T = cW_S (c > 0, c ≠ 1, no noise) the risk of (A5) is strictly decreasing in the depth
 * and vanishes in the limit (A6), which recovers W_T exactly from any P ≥ 1 samples. The error of (A5) is
 * (α_N − c)W_S(I − Π), and α_N moves monotonically from 1 to α_∞ = c. Not asserted for general targets: it fails when
 * the target is mostly orthogonal to the source (FINETUNE.md §4 FT9).
 */
import fc from 'fast-check';
import { arbLogUniform, arbSeed, arbUniform } from '../arbitraries/primitives.js';
import { deepFineTunedMap } from '../finetune/depthMap.js';
import { addScaled, minimumNormFit } from '../finetune/interpolant.js';
import { outOfSpan } from '../finetune/projection.js';
import { populationRisk } from '../finetune/risk.js';
import { frobeniusSq } from '../linalg/norms.js';
import { atMost, worstOf, type Claim, type Outcome, type PlantedBug, type Scale } from './claim.js';
import { arbCovarianceDraw, covarianceFor, drawFtTask, type FtTaskSpec } from './support/finetuneTask.js';

/** An FT9 instance: W_T = cW_S with c ∈ [0.1, 10] away from 1, any Σ (cond ≤ 1e3), P < N1, N3 = 1, no noise. */
export type Ft9Spec = FtTaskSpec;

/** The depths compared (FINETUNE.md's 1, 2, 3, 5, 8, and deeper). */
export const FT9_DEPTHS = [1, 2, 3, 4, 5, 6, 7, 8, 16, 64];
/** R(N_{k+1}) ≤ R(N_k)·(1 − FT9_MARGIN) (strict decrease, beyond rounding) and R(A6) ≤ FT9_LIMIT·W_TΣW_Tᵀ. */
export const FT9_MARGIN = 1e-9;
export const FT9_LIMIT = 1e-20;

function arbitrary(scale: Scale): fc.Arbitrary<Ft9Spec> {
  return fc
    .record({
      n1: fc.integer({ min: 2, max: scale === 'ci' ? 40 : 120 }),
      pf: arbUniform(0, 1),
      cov: arbCovarianceDraw(),
      sourceNorm: arbLogUniform(0.01, 100),
      lnC: arbUniform(0.05, Math.log(10)),
      down: fc.boolean(),
      seed: arbSeed(),
    })
    .map((d) => ({
      inputDim: d.n1,
      outputDim: 1,
      examples: 1 + Math.min(d.n1 - 2, Math.floor(d.pf * (d.n1 - 1))),
      covariance: covarianceFor(d.n1, d.cov, 1e3),
      sourceNorm: d.sourceNorm,
      targetScale: Math.exp(d.down ? -d.lnC : d.lnC),
      targetAngle: 0,
      noiseStd: 0,
      seed: d.seed,
    }));
}

function check(spec: Ft9Spec, impl: Ft9Impl): Outcome {
  const task = drawFtTask(spec);
  const sigma = task.covariance.sigma;
  const risks = [...FT9_DEPTHS, Infinity].map((n) =>
    populationRisk(impl.depthMap(n, task.source, task.y, task.span).map, task.target, sigma),
  );
  let rise = 0;
  let where = '';
  for (let k = 1; k < FT9_DEPTHS.length; k++) {
    const r = (risks[k] - risks[k - 1] * (1 - FT9_MARGIN)) / risks[0];
    if (!(r <= rise)) {
      rise = Number.isNaN(r) ? Infinity : r;
      where = `N = ${FT9_DEPTHS[k - 1]} → ${FT9_DEPTHS[k]}: ${risks[k - 1]} → ${risks[k]}`;
    }
  }
  const scale = populationRisk(task.target, { ...task.target, data: new Float64Array(task.target.data.length) }, sigma);
  return worstOf([
    atMost(
      rise,
      0,
      0,
      `risk of (A5) strictly decreasing in N (${where || 'all decrease'}; c = ${spec.targetScale.toFixed(3)})`,
    ),
    atMost(risks[risks.length - 1] / scale, 0, FT9_LIMIT, 'risk of (A6) relative to W_TΣW_Tᵀ (exact recovery)'),
  ]);
}

/** What FT9 exercises: the depth-N fine-tuned map (A5)/(A6). */
export interface Ft9Impl {
  readonly depthMap: typeof deepFineTunedMap;
}

const plantedBugs: readonly PlantedBug<Ft9Impl>[] = [
  {
    name: 'dropped (N−1) term',
    description: 'drops the (N−1)(GŴᵀ)Ŵ term of the end-to-end flow: α_N = 1 at every depth, so depth never helps',
    implementation: {
      depthMap: (_n, source, y, span) => ({
        map: addScaled(minimumNormFit(y, span), 1, outOfSpan(source, span)),
        alpha: 1,
      }),
    },
  },
  {
    name: 'limit with ‖W_S‖',
    description: 'writes α_∞ = ‖yX⁺‖/‖W_S‖, so (A6) does not recover the scaled target',
    implementation: {
      depthMap: (n, source, y, span) => {
        if (n !== Infinity) return deepFineTunedMap(n, source, y, span);
        const fit = minimumNormFit(y, span);
        const alpha = Math.sqrt(frobeniusSq(fit) / frobeniusSq(source));
        return { map: addScaled(fit, alpha, outOfSpan(source, span)), alpha };
      },
    },
  },
];

/** FT9: depth helps for scaled targets (exact, theory). */
export const ft09DepthHelpsScaledTargets: Claim<Ft9Spec, Ft9Impl> = {
  id: 'FT9',
  name: 'depth helps for scaled targets',
  statement:
    'For W_T = cW_S (c > 0, c ≠ 1) and noiseless targets, the risk of (A5) strictly decreases with depth (N = 1…8, 16, 64) and (A6) recovers W_T exactly (risk ≤ 1e-20·W_TΣW_Tᵀ) from any P ≥ 1 samples; ' +
    'not true for general targets (it fails when the target is mostly orthogonal to the source).',
  reference: 'FINETUNE.md §2 (A5)–(A6); §4 FT9',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source: 'exact: the error is (α_N − c)W_S(I − Π) with α_N strictly monotone from 1 to c; margins cover rounding',
  },
  instances: { ci: 200, thorough: 2000 },
  arbitrary,
  implementation: { depthMap: deepFineTunedMap },
  check,
  plantedBugs,
};
