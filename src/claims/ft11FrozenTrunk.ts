/**
 * FT11: freezing layers 1…N−1 of a balanced pretrained scalar-output network leaves features of rank one, so every
 * reachable map is c·W_S; for a target with W_TΣW_Sᵀ = 0 no fine-tuning can get below the zero predictor's risk
 * W_TΣW_Tᵀ: complete failure. Fine-tuning the whole network on P ≥ N1 samples has no such limit. The target is made
 * Σ-orthogonal to the source by construction; GD with the trunk frozen runs through the engine's frozen layers, and
 * full fine-tuning runs from the same weights until R ≤ λ_max(Σ)/σ_min(X)²·2·loss guarantees a risk 100× below the tolerance.
 */
import fc from 'fast-check';
import { arbLogUniform, arbSeed, arbUniform } from '../arbitraries/primitives.js';
import { balancedFactorisation } from '../finetune/balanced.js';
import { frozenTrunkBound } from '../finetune/frozenTrunk.js';
import { populationRisk } from '../finetune/risk.js';
import { drawSamples } from '../finetune/sample.js';
import { trainFrom, type TrainFromResult } from '../finetune/train.js';
import { buildCovariance } from '../finetune/covariance.js';
import { drawTeachers } from '../finetune/teachers.js';
import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import { frobenius, frobeniusDot } from '../linalg/norms.js';
import { singularValues } from '../linalg/svd.js';
import { endToEnd } from '../network/product.js';
import { createRng } from '../random/rng.js';
import { atLeast, atMost, worstOf, type Claim, type Outcome, type PlantedBug, type Scale } from './claim.js';
import { arbCovarianceDraw, covarianceFor } from './support/finetuneTask.js';
import type { CovarianceSpec } from '../finetune/covariance.js';

/** An FT11 instance: depth 2–3 (CI) or 2–4, hidden widths ≥ N1, Σ with cond ≤ 10, P = 2N1 (full fine-tuning can interpolate); 100 frozen GD steps. */
export interface Ft11Spec {
  readonly inputDim: number;
  readonly hiddenDims: readonly number[];
  readonly covariance: CovarianceSpec;
  readonly sourceNorm: number;
  readonly targetScale: number;
  readonly seed: number;
}

/** Risk of full fine-tuning allowed, relative to W_TΣW_Tᵀ (FINETUNE.md: ≤ 1e-10, observed 1e-24). */
export const FT11_FULL_TOL = 1e-10;
/** The frozen run may not beat W_TΣW_Tᵀ by more than rounding: 1e-12 relative. */
export const FT11_ROUNDING = 1e-12;

function arbitrary(scale: Scale): fc.Arbitrary<Ft11Spec> {
  return fc
    .record({
      n1: fc.integer({ min: 2, max: scale === 'ci' ? 6 : 20 }),
      depth: fc.integer({ min: 2, max: scale === 'ci' ? 3 : 4 }),
      widths: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 3, maxLength: 3 }),
      cov: arbCovarianceDraw(),
      sourceNorm: arbLogUniform(0.5, 2),
      targetScale: arbUniform(0.5, 2),
      seed: arbSeed(),
    })
    .map((d) => ({
      inputDim: d.n1,
      hiddenDims: d.widths.slice(0, d.depth - 1).map((w) => Math.max(w, d.n1)),
      covariance: covarianceFor(d.n1, d.cov, 10),
      sourceNorm: d.sourceNorm,
      targetScale: d.targetScale,
      seed: d.seed,
    }));
}

function check(spec: Ft11Spec, impl: Ft11Impl): Outcome {
  const rng = createRng(spec.seed);
  const n1 = spec.inputDim;
  const cov = buildCovariance(spec.covariance, n1, rng.fork('covariance'));
  const { source, target: raw } = drawTeachers(
    {
      inputDim: n1,
      outputDim: 1,
      sourceNorm: spec.sourceNorm,
      targetScale: spec.targetScale,
      targetAngle: Math.PI / 2,
    },
    rng.fork('teachers'),
  );
  // Make W_T Σ-orthogonal to W_S: W_T − (W_TΣW_Sᵀ/W_SΣW_Sᵀ)·W_S.
  const ss = frobeniusDot(matmul(source, cov.sigma), source);
  const ts = frobeniusDot(matmul(raw, cov.sigma), source);
  const target: Mat = { ...raw, data: raw.data.map((v, i) => v - (ts / ss) * source.data[i]) };
  const tt = frobeniusDot(matmul(target, cov.sigma), target);
  const samples = drawSamples(target, cov, 2 * n1, 0, rng.fork('target'));
  const layers = impl.factorise(source, spec.hiddenDims, rng.fork('balanced'));
  const depth = layers.length;
  const problem = { x: samples.x, y: samples.y, reference: target };
  const sv = singularValues(samples.x);
  const top = sv[0] ** 2;
  const stopLoss = (0.01 * FT11_FULL_TOL * tt * sv[n1 - 1] ** 2) / (2 * cov.eigenvalues[0]);
  const m = Math.max(frobenius(source), frobenius(target));
  const learningRate = 0.1 / (depth * top * Math.pow(m, 2 - 2 / depth));
  const trunk = endToEnd(layers.slice(0, depth - 1));
  const bound = frozenTrunkBound(trunk, target, cov.sqrt);
  let frozenMin = Infinity;
  impl.train(
    problem,
    layers,
    { learningRate, epochs: 100, reportEvery: 10, update: 'sequential', stopLoss: 0, freezeLayers: depth - 1 },
    (_e, _l, w) => {
      frozenMin = Math.min(frozenMin, populationRisk(w, target, cov.sigma));
    },
  );
  const full = impl.train(
    problem,
    layers,
    { learningRate, epochs: 2_000_000, reportEvery: 5000, update: 'sequential', stopLoss, freezeLayers: 0 },
    () => {},
  );
  const fullRisk = populationRisk(endToEnd(full.layers), target, cov.sigma);
  return worstOf([
    atMost(bound.featureRank, 1, 0, `rank of the frozen trunk's features (depth ${depth})`),
    atLeast(
      frozenMin / tt,
      1,
      FT11_ROUNDING,
      'least risk reached with the trunk frozen, relative to W_TΣW_Tᵀ (must not go below 1)',
    ),
    atLeast(bound.bestRisk / tt, 1, FT11_ROUNDING, 'frozen-trunk bound relative to W_TΣW_Tᵀ'),
    atMost(
      fullRisk / tt,
      0,
      FT11_FULL_TOL,
      `risk of full fine-tuning on P = 2N1 after ${full.lastEpoch} epochs, relative to W_TΣW_Tᵀ`,
    ),
  ]);
}

/** What FT11 exercises: the balanced pretraining, training with frozen layers, and the frozen-trunk bound's rank. */
export interface Ft11Impl {
  readonly factorise: typeof balancedFactorisation;
  readonly train: (...a: Parameters<typeof trainFrom>) => TrainFromResult;
}

const implementation: Ft11Impl = { factorise: balancedFactorisation, train: trainFrom };

const plantedBugs: readonly PlantedBug<Ft11Impl>[] = [
  {
    name: 'freeze ignored',
    description: 'trains every layer although layers 1…N−1 are listed as frozen',
    implementation: { ...implementation, train: (p, l, s, o) => trainFrom(p, l, { ...s, freezeLayers: 0 }, o) },
  },
  {
    name: 'full-rank trunk',
    description:
      'pretrains with identity-like hidden layers (W^l = a·I blocks), so the frozen trunk keeps every input direction',
    implementation: {
      ...implementation,
      factorise: (source, hiddenDims, rng) => {
        const layers = balancedFactorisation(source, hiddenDims, rng);
        const widths = [source.cols, ...hiddenDims];
        const a = Math.pow(frobenius(source), 1 / layers.length);
        return layers.map((l, i) => {
          if (i === layers.length - 1) return l;
          const data = new Float64Array(l.data.length);
          for (let r = 0; r < l.rows; r++) if (r < widths[i]) data[r * l.cols + r] = a;
          return { ...l, data };
        });
      },
    },
  },
];

/** FT11: a frozen trunk cannot learn a Σ-orthogonal target (exact). */
export const ft11FrozenTrunk: Claim<Ft11Spec, Ft11Impl> = {
  id: 'FT11',
  name: 'a frozen pretrained trunk fails on an orthogonal target',
  statement:
    'With layers 1…N−1 of a balanced scalar-output network frozen, the features have rank one, and for W_TΣW_Sᵀ = 0 every reachable predictor (and every GD iterate) has risk ≥ W_TΣW_Tᵀ, ' +
    "the zero predictor's; fine-tuning all layers of the same network on P = 2N1 samples reaches risk ≤ 1e-10·W_TΣW_Tᵀ.",
  reference: 'FINETUNE.md §2 item 5; §4 FT11',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source:
      'exact: reachable maps are c·W_S and R(cW_S) = W_TΣW_Tᵀ + c²W_SΣW_Sᵀ; full fine-tuning runs until a loss bound guarantees 1e-12·W_TΣW_Tᵀ',
  },
  instances: { ci: 100, thorough: 300 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
