/**
 * FT1: at depth 1, gradient descent from the pretrained map W_S on P < N1 target samples converges to the
 * interpolant nearest to W_S, (A1) W_∞ = yX⁺ + W_S(I − Π). GD runs through the product's training engine from W_S
 * with λ = 1/λ_max(XXᵀ) until the loss ½‖y − WX‖² ≤ 1e-24; the number of epochs is the one the contraction factor
 * 1 − λ_min⁺/λ_max of the in-span error needs (plus half again), so convergence is guaranteed, not hoped for.
 */
import fc from 'fast-check';
import { arbLogUniform, arbSeed, arbUniform } from '../arbitraries/primitives.js';
import { nearestInterpolant, minimumNormFit } from '../finetune/interpolant.js';
import { trainFrom, trainLoss, type TrainFromResult } from '../finetune/train.js';
import { zeros, type Mat } from '../linalg/mat.js';
import { singularValues } from '../linalg/svd.js';
import { atMost, worstOf, type Claim, type Outcome, type PlantedBug, type Scale } from './claim.js';
import {
  arbCovarianceDraw,
  covarianceFor,
  drawFtTask,
  relativeDistance,
  type FtTaskSpec,
} from './support/finetuneTask.js';

/** An FT1 instance: depth 1, N3 = 1, P ≤ N1/2, cond Σ ≤ 1e2 (CI) or 1e3 (thorough), noise σ ∈ {0} ∪ [0.01, 1]. */
export type Ft1Spec = FtTaskSpec;

/** ‖W^GD − (A1)‖/‖(A1)‖ ≤ FT1_TOL (FINETUNE.md §4 FT1; observed ≤ 1e-12): at loss 1e-24 the in-span error is ≤ √2·1e-12/σ_min(X). */
export const FT1_TOL = 1e-9;
/** The loss GD must reach (FINETUNE.md §4 FT1). */
export const FT1_STOP_LOSS = 1e-24;

function arbitrary(scale: Scale): fc.Arbitrary<Ft1Spec> {
  const maxN1 = scale === 'ci' ? 24 : 80;
  const maxCond = scale === 'ci' ? 1e2 : 1e3;
  return fc
    .record({
      n1: fc.integer({ min: 2, max: maxN1 }),
      pf: arbUniform(0, 1),
      cov: arbCovarianceDraw(),
      sourceNorm: arbLogUniform(0.1, 10),
      targetScale: arbUniform(0, 3),
      targetAngle: arbUniform(0, Math.PI),
      noiseStd: fc.oneof(fc.constant(0), arbLogUniform(0.01, 1)),
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
      noiseStd: d.noiseStd,
      seed: d.seed,
    }));
}

function check(spec: Ft1Spec, impl: Ft1Impl): Outcome {
  const task = drawFtTask(spec);
  const s = singularValues(task.x);
  const top = s[0] * s[0];
  const bottom = s[task.span.rank - 1] ** 2;
  const problem = { x: task.x, y: task.y, reference: task.target };
  const loss0 = trainLoss(task.source, problem);
  const needed = loss0 > FT1_STOP_LOSS ? Math.log(loss0 / FT1_STOP_LOSS) / (-2 * Math.log1p(-bottom / top)) : 0;
  const epochs = Math.ceil(1.5 * needed) + 10;
  const run = impl.train(
    problem,
    [task.source],
    {
      learningRate: 1 / top,
      epochs,
      reportEvery: Math.max(1, Math.ceil(epochs / 20)),
      update: 'sequential',
      stopLoss: FT1_STOP_LOSS,
      freezeLayers: 0,
    },
    () => {},
  );
  const gd = run.layers[0];
  const theory = impl.nearestInterpolant(task.source, task.y, task.span);
  return worstOf([
    atMost(
      relativeDistance(gd, theory),
      0,
      FT1_TOL,
      `‖W^GD − (A1)‖/‖(A1)‖ after ${run.lastEpoch} epochs (N1 = ${spec.inputDim}, P = ${spec.examples}, λ_min⁺/λ_max of XXᵀ = ${(bottom / top).toExponential(2)})`,
    ),
    atMost(trainLoss(gd, problem), 0, FT1_STOP_LOSS, 'the training loss GD reached'),
  ]);
}

/** What FT1 exercises: training from given weights through the engine, and (A1). */
export interface Ft1Impl {
  readonly train: (
    problem: Parameters<typeof trainFrom>[0],
    initial: readonly Mat[],
    spec: Parameters<typeof trainFrom>[2],
    observe: Parameters<typeof trainFrom>[3],
  ) => TrainFromResult;
  readonly nearestInterpolant: (source: Mat, y: Mat, span: Parameters<typeof nearestInterpolant>[2]) => Mat;
}

const implementation: Ft1Impl = { train: trainFrom, nearestInterpolant };

const plantedBugs: readonly PlantedBug<Ft1Impl>[] = [
  {
    name: 'starts from zero',
    description: 'fine-tunes from W = 0 instead of the pretrained weights (GD then reaches yX⁺)',
    implementation: {
      ...implementation,
      train: (problem, initial, spec, observe) =>
        trainFrom(
          problem,
          initial.map((l) => zeros(l.rows, l.cols)),
          spec,
          observe,
        ),
    },
  },
  {
    name: 'minimum-norm interpolant',
    description: '(A1) written as yX⁺, forgetting the source out of the span',
    implementation: { ...implementation, nearestInterpolant: (_s, y, span) => minimumNormFit(y, span) },
  },
  {
    name: 'unprojected source',
    description: '(A1) written as yX⁺ + W_S, adding the whole source instead of W_S(I − Π)',
    implementation: {
      ...implementation,
      nearestInterpolant: (source, y, span) => {
        const f = minimumNormFit(y, span);
        return { ...f, data: f.data.map((v, i) => v + source.data[i]) };
      },
    },
  },
];

/** FT1: GD from W_S at depth 1 reaches the nearest interpolant (A1) (exact). */
export const ft01NearestInterpolant: Claim<Ft1Spec, Ft1Impl> = {
  id: 'FT1',
  name: 'depth-1 fine-tuning reaches the interpolant nearest to the source',
  statement:
    'At depth 1, GD from the pretrained map W_S with λ = 1/λ_max(XXᵀ) on P < N1 target samples, run until the loss is ≤ 1e-24, ' +
    'lands on (A1) yX⁺ + W_S(I − Π) to 1e-9 relative, for any input covariance (cond Σ ≤ 1e3) and label noise.',
  reference: 'FINETUNE.md §2 (A1); §4 FT1',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source:
      'exact in the limit; the epoch count follows from the contraction factor, and at loss 1e-24 the in-span error is ≤ 1e-12/σ_min(X) (observed ≤ 1e-12)',
  },
  instances: { ci: 100, thorough: 300 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
