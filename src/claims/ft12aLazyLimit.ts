/**
 * FT12a: in the lazy regime a shallow ReLU network f(x) = (1/√m) Σ_j a_j relu(w_jᵀx) fine-tuned from θ_S trains its
 * linearisation f_S(x) + ∇f(x; θ_S)ᵀ(θ − θ_S). GD on that linearisation from θ_S is linear regression on the tangent
 * features Φ = ∇f(X; θ_S) started at θ − θ_S = 0, run here through the training engine at depth 1; it converges to
 * (A7) f_S + K(·, X)K(X, X)⁻¹(y − f_S(X)) on the training inputs and on held-out inputs. The epoch count follows from
 * the contraction factor 1 − λ_min(K)/λ_max(K) with λ = 1/λ_max(K), as in FT1.
 */
import fc from 'fast-check';
import { arbSeed, arbUniform } from '../arbitraries/primitives.js';
import {
  drawShallowRelu,
  lazyFineTuned,
  reluOutput,
  tangentFeatures,
  tangentKernel,
  type ShallowRelu,
} from '../finetune/lazyKernel.js';
import { trainFrom, type TrainFromResult } from '../finetune/train.js';
import { matmul } from '../linalg/gemm.js';
import { haarColumns } from '../linalg/haar.js';
import { scale, zeros, type Mat } from '../linalg/mat.js';
import { singularValues } from '../linalg/svd.js';
import { createRng, normals } from '../random/rng.js';
import { kernelRegressionFromZero, outputLayerKernelOnly } from './support/lazyKernelBugs.js';
import { atMost, worstOf, type Claim, type Outcome, type PlantedBug, type Scale } from './claim.js';

/** An FT12a instance: N1 ≤ 4, width m ∈ [32, 40] (CI; thorough N1 ≤ 8, m ∈ [32, 256]), P ≤ N1 orthogonal training inputs of norm √N1, 5 held-out Gaussian inputs, a smooth target. */
export interface Ft12aSpec {
  readonly inputDim: number;
  readonly width: number;
  readonly examples: number;
  /** Target y = sin(ω·uᵀx) for a seeded unit u: a nonlinear teacher. */
  readonly frequency: number;
  readonly seed: number;
}

/** ‖f^GD − (A7)‖/‖(A7)‖ on training and held-out inputs (FINETUNE.md §5 FT12a: 1e-9). */
export const FT12A_TOL = 1e-9;
/** The linearised GD runs until ½‖r − vΦ‖² ≤ this × ½‖r‖². */
export const FT12A_STOP = 1e-24;

function arbitrary(size: Scale): fc.Arbitrary<Ft12aSpec> {
  return fc
    .record({
      n1: fc.integer({ min: 2, max: size === 'ci' ? 4 : 8 }),
      width: fc.integer({ min: 32, max: size === 'ci' ? 40 : 256 }),
      pf: arbUniform(0, 1),
      frequency: arbUniform(0.2, 3),
      seed: arbSeed(),
    })
    .map((d) => ({
      inputDim: d.n1,
      width: d.width,
      examples: 1 + Math.floor(d.pf * (d.n1 - 0.001)),
      frequency: d.frequency,
      seed: d.seed,
    }));
}

function check(spec: Ft12aSpec, impl: Ft12aImpl): Outcome {
  const rng = createRng(spec.seed);
  const net = drawShallowRelu(spec.width, spec.inputDim, rng.fork('net'));
  // Orthogonal training inputs of norm √N1 keep K(X, X) well conditioned, so the GD run to 1e-24 stays short.
  const x = scale(haarColumns(spec.inputDim, spec.examples, rng.fork('inputs')), Math.sqrt(spec.inputDim));
  const held: Mat = { rows: spec.inputDim, cols: 5, data: normals(rng.fork('heldOut'), spec.inputDim * 5) };
  const u = normals(rng.fork('direction'), spec.inputDim);
  const un = Math.hypot(...u);
  const y = Float64Array.from({ length: spec.examples }, (_, c) =>
    Math.sin((spec.frequency / un) * u.reduce((s, ui, i) => s + ui * x.data[i * spec.examples + c], 0)),
  );
  const theoryTrain = impl.lazyFineTuned(net, x, y, x);
  const theoryHeld = impl.lazyFineTuned(net, x, y, held);
  const gd = linearisedGd(net, x, y, impl.train);
  return worstOf([
    atMost(
      relativeGap(gd(x), theoryTrain),
      0,
      FT12A_TOL,
      `linearised GD vs (A7) on the ${spec.examples} training inputs (m = ${spec.width})`,
    ),
    atMost(relativeGap(gd(held), theoryHeld), 0, FT12A_TOL, 'linearised GD vs (A7) on 5 held-out inputs'),
  ]);
}

/** Trains v = θ − θ_S from 0 on r = y − f_S(X) with inputs Φ(X) through `train`, and returns x ↦ f_S(x) + vᵀΦ(x). */
function linearisedGd(net: ShallowRelu, x: Mat, y: Float64Array, train: Ft12aImpl['train']): (at: Mat) => Float64Array {
  const phi = tangentFeatures(net, x);
  const fS = reluOutput(net, x);
  const r: Mat = { rows: 1, cols: x.cols, data: y.map((v, i) => v - fS[i]) };
  const k = tangentKernel(net, x, x);
  const ev = singularValues(k);
  const top = ev[0];
  const bottom = ev[ev.length - 1];
  const loss0 = 0.5 * r.data.reduce((s, v) => s + v * v, 0);
  const epochs = Math.ceil((1.5 * Math.log(1 / FT12A_STOP)) / (-2 * Math.log1p(-bottom / top))) + 10;
  const run = train(
    { x: phi, y: r, reference: zeros(1, phi.rows) },
    [zeros(1, phi.rows)],
    {
      learningRate: 1 / top,
      epochs,
      reportEvery: Math.max(1, Math.ceil(epochs / 10)),
      update: 'sequential',
      stopLoss: FT12A_STOP * loss0,
      freezeLayers: 0,
    },
    () => {},
  );
  const v = run.layers[0];
  return (at) => {
    const step = matmul(v, tangentFeatures(net, at));
    const base = reluOutput(net, at);
    return base.map((b, i) => b + step.data[i]);
  };
}

function relativeGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    n += b[i] ** 2;
  }
  return Math.sqrt(d / Math.max(n, Number.MIN_VALUE));
}

/** What FT12a exercises: (A7) and training from given weights through the engine. */
export interface Ft12aImpl {
  readonly lazyFineTuned: typeof lazyFineTuned;
  readonly train: (...a: Parameters<typeof trainFrom>) => TrainFromResult;
}

const implementation: Ft12aImpl = { lazyFineTuned, train: trainFrom };

const plantedBugs: readonly PlantedBug<Ft12aImpl>[] = [
  {
    name: 'output-layer kernel only',
    description: "uses the random-features kernel (1/m)Σ relu·relu, forgetting the hidden weights' term a_j²·1·1·xᵀx'",
    implementation: {
      ...implementation,
      lazyFineTuned: outputLayerKernelOnly,
    },
  },
  {
    name: 'kernel regression from zero',
    description: 'fine-tunes into K(·, X)K⁻¹y, dropping the pretrained function f_S',
    implementation: {
      ...implementation,
      lazyFineTuned: kernelRegressionFromZero,
    },
  },
];

/** FT12a: GD on the linearised shallow ReLU net reaches (A7) (exact). */
export const ft12aLazyLimit: Claim<Ft12aSpec, Ft12aImpl> = {
  id: 'FT12a',
  name: 'lazy fine-tuning of a shallow ReLU net reaches the tangent-kernel interpolant',
  statement:
    'For f(x) = (1/√m) Σ a_j relu(w_jᵀx) fine-tuned from θ_S in the lazy regime, GD on the linearisation at θ_S (linear regression on the tangent features from θ − θ_S = 0) converges to ' +
    '(A7) f_S + K(·, X)K(X, X)⁻¹(y − f_S(X)), K the tangent kernel at θ_S, to 1e-9 relative on training and held-out inputs.',
  reference: 'FINETUNE.md §5 (A7); FT12(a)',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source:
      'exact in the limit; the epoch count follows from the contraction factor of K, and the loss is driven to 1e-24 of its start',
  },
  instances: { ci: 100, thorough: 300 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
