/**
 * FT5: whatever the depth, output size and initialisation (pretrained or random), GD never moves the first layer
 * outside span(X): W^1(t)(I − Π) = W^1(0)(I − Π), hence W(t)(I − Π) = W^{>1}(t)W^1(0)(I − Π) (THEORY.md §4.5 with a
 * non-zero pretrained W^1(0)). Checked at every recorded epoch of a GD run through the engine.
 */
import fc from 'fast-check';
import { arbLogUniform, arbSeed, arbUniform } from '../arbitraries/primitives.js';
import { balancedFactorisation } from '../finetune/balanced.js';
import { outOfSpan } from '../finetune/projection.js';
import { trainFrom, type TrainFromResult } from '../finetune/train.js';
import type { Mat } from '../linalg/mat.js';
import { frobenius } from '../linalg/norms.js';
import { singularValues } from '../linalg/svd.js';
import { initStudent } from '../network/init.js';
import { endToEnd } from '../network/product.js';
import { createRng } from '../random/rng.js';
import { atMost, worstOf, type Claim, type Outcome, type PlantedBug, type Scale } from './claim.js';
import { arbCovarianceDraw, covarianceFor, drawFtTask, type FtTaskSpec } from './support/finetuneTask.js';
import { jitteredInputs, standardisedInputs } from './support/finetuneTraining.js';

/** An FT5 instance: depth 1–6, N3 ∈ [1, 4], P < N1, pretrained (balanced at W_S) or random init, `epochs` GD steps. */
export interface Ft5Spec extends FtTaskSpec {
  readonly hiddenDims: readonly number[];
  readonly init: 'pretrained' | 'random';
  readonly epochs: number;
}

/** Both identities to 1e-10 relative (FINETUNE.md §4 FT5; observed 3e-13 and 1.3e-12: rounding of T updates). */
export const FT5_TOL = 1e-10;

function arbitrary(scale: Scale): fc.Arbitrary<Ft5Spec> {
  return fc
    .record({
      n1: fc.integer({ min: 2, max: scale === 'ci' ? 12 : 40 }),
      pf: arbUniform(0, 1),
      n3: fc.integer({ min: 1, max: 4 }),
      depth: fc.integer({ min: 1, max: 6 }),
      widths: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 5, maxLength: 5 }),
      init: fc.constantFrom('pretrained' as const, 'random' as const),
      cov: arbCovarianceDraw(),
      sourceNorm: arbLogUniform(0.3, 3),
      targetScale: arbUniform(0, 3),
      targetAngle: arbUniform(0, Math.PI),
      noiseStd: fc.oneof(fc.constant(0), arbLogUniform(0.01, 0.5)),
      epochs: fc.integer({ min: 1, max: scale === 'ci' ? 500 : 5000 }),
      seed: arbSeed(),
    })
    .map((d) => {
      const n3 = d.n3;
      // Balanced pretraining factorises W_S of rank min(N1, N3) exactly: widths at least that.
      const floor = d.init === 'pretrained' ? Math.min(d.n1, n3) : 1;
      return {
        inputDim: d.n1,
        outputDim: n3,
        examples: 1 + Math.min(d.n1 - 2, Math.floor(d.pf * (d.n1 - 1))),
        covariance: covarianceFor(d.n1, d.cov, 10),
        sourceNorm: d.sourceNorm,
        targetScale: d.targetScale,
        targetAngle: d.targetAngle,
        noiseStd: d.noiseStd,
        hiddenDims: d.widths.slice(0, d.depth - 1).map((w) => Math.max(w, floor)),
        init: d.init,
        epochs: d.epochs,
        seed: d.seed,
      };
    });
}

function check(spec: Ft5Spec, impl: Ft5Impl): Outcome {
  const task = drawFtTask(spec);
  const depth = spec.hiddenDims.length + 1;
  const rng = createRng(spec.seed);
  const student = {
    hiddenDims: spec.hiddenDims,
    init: 'random' as const,
    initScale: spec.sourceNorm,
    update: 'sequential' as const,
  };
  const layers =
    spec.init === 'pretrained'
      ? balancedFactorisation(task.source, spec.hiddenDims, rng.fork('balanced'))
      : initStudent(
          { spec: { inputDim: spec.inputDim, outputDim: spec.outputDim } } as Parameters<typeof initStudent>[0],
          student,
          rng.fork('init'),
        );
  const first0 = outOfSpan(layers[0], task.span);
  const w1 = frobenius(layers[0]);
  const top = singularValues(task.x)[0] ** 2;
  // Stiffness bound: each layer's gradient scales with the product of the others, so with a = the largest layer norm
  // (or the target's per-layer scale ‖W_T‖^{1/N}) the curvature is ≤ N·a^{2N−2}·λ_max(XXᵀ).
  const a = Math.max(...layers.map((l) => frobenius(l)), Math.pow(frobenius(task.target), 1 / depth), 1e-3);
  const learningRate = 0.05 / (depth * top * Math.pow(a, 2 * depth - 2));
  let firstGap = 0;
  let mapGap = 0;
  impl.train(
    { x: task.x, y: task.y, reference: task.target },
    layers,
    {
      learningRate,
      epochs: spec.epochs,
      reportEvery: Math.max(1, Math.floor(spec.epochs / 10)),
      update: 'sequential',
      stopLoss: 0,
      freezeLayers: 0,
    },
    (_epoch, ls, w) => {
      const d = outOfSpan(ls[0], task.span);
      let s = 0;
      for (let i = 0; i < d.data.length; i++) s += (d.data[i] - first0.data[i]) ** 2;
      firstGap = Math.max(firstGap, Math.sqrt(s) / w1);
      const upper: Mat = ls.length > 1 ? endToEnd(ls.slice(1)) : { rows: 1, cols: 1, data: Float64Array.of(1) };
      const predicted = ls.length > 1 ? matmulSmall(upper, first0) : first0;
      const actual = outOfSpan(w, task.span);
      let r = 0;
      for (let i = 0; i < actual.data.length; i++) r += (actual.data[i] - predicted.data[i]) ** 2;
      // The product is rounded at the scale ∏‖W^l‖, which exceeds ‖W‖ when the product cancels (recorded FT5-cancelling-product).
      const scale = Math.max(
        frobenius(w),
        ls.reduce((p, l) => p * frobenius(l), 1),
        Number.MIN_VALUE,
      );
      mapGap = Math.max(mapGap, Math.sqrt(r) / scale);
    },
  );
  return worstOf([
    atMost(
      firstGap,
      0,
      FT5_TOL,
      `max over records of ‖(W^1(t) − W^1(0))(I − Π)‖/‖W^1(0)‖ (depth ${depth}, N3 = ${spec.outputDim}, ${spec.init} init)`,
    ),
    atMost(mapGap, 0, FT5_TOL, 'max over records of ‖W(t)(I − Π) − W^{>1}(t)W^1(0)(I − Π)‖/max(‖W(t)‖, ∏‖W^l(t)‖)'),
  ]);
}

function matmulSmall(a: Mat, b: Mat): Mat {
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let k = 0; k < a.cols; k++)
      for (let j = 0; j < b.cols; j++) out[i * b.cols + j] += a.data[i * a.cols + k] * b.data[k * b.cols + j];
  return { rows: a.rows, cols: b.cols, data: out };
}

/** What FT5 exercises: training from given weights through the engine. */
export interface Ft5Impl {
  readonly train: (...a: Parameters<typeof trainFrom>) => TrainFromResult;
}

const implementation: Ft5Impl = { train: trainFrom };

const plantedBugs: readonly PlantedBug<Ft5Impl>[] = [
  {
    name: 'standardised inputs',
    description: 'trains on inputs rescaled per coordinate, whose span differs from span(X)',
    implementation: { train: (p, l, s, o) => trainFrom(standardisedInputs(p), l, s, o) },
  },
  {
    name: 'jittered inputs',
    description: 'trains on inputs with a small random jitter, so the first layer moves outside span(X)',
    implementation: { train: (p, l, s, o) => trainFrom(jitteredInputs(p), l, s, o) },
  },
];

/** FT5: the first layer's out-of-span part is frozen (exact). */
export const ft05FrozenOutOfSpan: Claim<Ft5Spec, Ft5Impl> = {
  id: 'FT5',
  name: 'the first layer never moves outside the span of the inputs',
  statement:
    'For any depth ≤ 6, N3 ≥ 1 and pretrained or random init, GD keeps W^1(t)(I − Π) = W^1(0)(I − Π) to 1e-10‖W^1(0)‖ and W(t)(I − Π) = W^{>1}(t)W^1(0)(I − Π) to 1e-10·max(‖W(t)‖, ∏_l‖W^l(t)‖) at every recorded step (relative to ‖W(t)‖ alone it fails when the product cancels).',
  reference: 'FINETUNE.md §2 item 3; THEORY.md §4.5; §4 FT5',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source: 'exact: every first-layer update is (·)Xᵀ; 1e-10 covers rounding (observed ≤ 1.3e-12)',
  },
  instances: { ci: 100, thorough: 300 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
