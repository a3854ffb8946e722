/**
 * FT12c: the (A2) analogue of the lazy regime. The error of (A7), f_∞ − f_T, depends on the source function only
 * through f_T − f_S: shifting f_S and f_T (hence the noiseless labels) by the same function g = ∇f(·; θ_S)ᵀc of the
 * tangent span leaves f_∞ − f_T unchanged at every input, so the population risk is unchanged too. Checked on held-out
 * inputs with the kernel fixed at θ_S.
 */
import fc from 'fast-check';
import { arbLogUniform, arbSeed, arbUniform } from '../arbitraries/primitives.js';
import {
  drawShallowRelu,
  lazyFineTunedFrom,
  reluOutput,
  tangentFeatures,
  tangentKernel,
} from '../finetune/lazyKernel.js';
import { singularValues } from '../linalg/svd.js';
import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import { createRng, normals } from '../random/rng.js';
import { atMost, type Claim, type Outcome, type PlantedBug, type Scale } from './claim.js';

/** An FT12c instance: N1 ≤ 8, width m ∈ [max(32, 4P), 64] (with fewer units an input where all are dead, or K(X, X) singular, is likely in low dimension), P ≤ 8, 20 held-out inputs, a shift of size `shift` along a seeded tangent direction. */
export interface Ft12cSpec {
  readonly inputDim: number;
  readonly width: number;
  readonly examples: number;
  readonly shift: number;
  readonly frequency: number;
  readonly seed: number;
}

/**
 * max_x |Δ(f_∞ − f_T)| ≤ (FT12C_TOL + FT12C_COND·cond(K)·eps)·(max|f_∞ − f_T| + max|g|): the two sides differ only by
 * the rounding of y − f_S(X), which the solve with K(X, X) amplifies by up to cond(K) (few ReLU units in low dimension
 * make K nearly singular: cond 1e13 was met at m = 8, N1 = 2, P = 7).
 */
export const FT12C_TOL = 1e-9;
/** Safety factor on the cond(K)·eps amplification. */
export const FT12C_COND = 1e3;

function arbitrary(scale: Scale): fc.Arbitrary<Ft12cSpec> {
  return fc
    .record({
      n1: fc.integer({ min: 2, max: 8 }),
      width: fc.integer({ min: 32, max: scale === 'ci' ? 64 : 256 }),
      examples: fc.integer({ min: 1, max: 8 }),
      shift: arbLogUniform(0.01, 100),
      frequency: arbUniform(0.2, 3),
      seed: arbSeed(),
    })
    .map((d) => ({
      inputDim: d.n1,
      width: Math.max(d.width, 4 * d.examples),
      examples: d.examples,
      shift: d.shift,
      frequency: d.frequency,
      seed: d.seed,
    }));
}

function check(spec: Ft12cSpec, impl: Ft12cImpl): Outcome {
  const rng = createRng(spec.seed);
  const net = drawShallowRelu(spec.width, spec.inputDim, rng.fork('net'));
  const x: Mat = {
    rows: spec.inputDim,
    cols: spec.examples,
    data: normals(rng.fork('inputs'), spec.inputDim * spec.examples),
  };
  const at: Mat = { rows: spec.inputDim, cols: 20, data: normals(rng.fork('heldOut'), spec.inputDim * 20) };
  const u = normals(rng.fork('direction'), spec.inputDim);
  const target = (m: Mat) =>
    Float64Array.from({ length: m.cols }, (_, c) =>
      Math.sin(spec.frequency * u.reduce((s, ui, i) => s + ui * m.data[i * m.cols + c], 0)),
    );
  const c: Mat = {
    rows: 1,
    cols: spec.width * (spec.inputDim + 1),
    data: normals(rng.fork('shift'), spec.width * (spec.inputDim + 1), spec.shift),
  };
  const g = (m: Mat) => matmul(c, tangentFeatures(net, m)).data;
  const base = { train: reluOutput(net, x), at: reluOutput(net, at) };
  const gx = g(x);
  const ga = g(at);
  const yT = target(x);
  const fT = target(at);
  const before = impl.fineTune(net, base, x, yT, at).map((v, i) => v - fT[i]);
  const shifted = { train: base.train.map((v, i) => v + gx[i]), at: base.at.map((v, i) => v + ga[i]) };
  const after = impl
    .fineTune(
      net,
      shifted,
      x,
      yT.map((v, i) => v + gx[i]),
      at,
    )
    .map((v, i) => v - (fT[i] + ga[i]));
  let gap = 0;
  let size = 0;
  for (let i = 0; i < at.cols; i++) {
    gap = Math.max(gap, Math.abs(after[i] - before[i]));
    size = Math.max(size, Math.abs(before[i]) + Math.abs(ga[i]));
  }
  const sv = singularValues(tangentKernel(net, x, x));
  const cond = sv[0] / sv[sv.length - 1];
  return atMost(
    gap / size,
    0,
    FT12C_TOL + FT12C_COND * cond * Number.EPSILON,
    `cond(K) = ${cond.toExponential(2)}; max over 20 held-out inputs of |Δ(f_∞ − f_T)| after shifting f_S and f_T by a tangent function of size ${spec.shift.toExponential(2)} (m = ${spec.width}, P = ${spec.examples})`,
  );
}

/** What FT12c exercises: (A7) with a given base function. */
export interface Ft12cImpl {
  readonly fineTune: typeof lazyFineTunedFrom;
}

const plantedBugs: readonly PlantedBug<Ft12cImpl>[] = [
  {
    name: 'kernel regression from zero',
    description: 'fine-tunes into K(·, X)K⁻¹y, dropping the base function, so the shift is not carried through',
    implementation: {
      fineTune: (net, _base, x, y, at) =>
        lazyFineTunedFrom(net, { train: new Float64Array(x.cols), at: new Float64Array(at.cols) }, x, y, at),
    },
  },
  {
    name: 'residual against the target',
    description: 'fits K(·, X)K⁻¹y on top of f_S (y instead of y − f_S(X)), counting the source twice',
    implementation: {
      fineTune: (net, base, x, y, at) =>
        lazyFineTunedFrom(net, { train: new Float64Array(x.cols), at: base.at }, x, y, at),
    },
  },
];

/** FT12c: lazy fine-tuning depends on the source only through f_T − f_S (exact). */
export const ft12cSourceThroughDifference: Claim<Ft12cSpec, Ft12cImpl> = {
  id: 'FT12c',
  name: 'lazy fine-tuning sees the source only through the target difference',
  statement:
    'Shifting the source function f_S and the target f_T by the same tangent-span function g = ∇f(·; θ_S)ᵀc leaves the error f_∞ − f_T of (A7) unchanged at every input (to 1e-9 relative plus the cond(K)·eps rounding of the kernel solve), ' +
    'so the population risk depends on the source only through f_T − f_S (the lazy analogue of (A2)).',
  reference: 'FINETUNE.md §5 (A7); FT12(c)',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source:
      'exact linear identity; the tolerance is 1e-9 plus 1e3·cond(K)·eps, the rounding of y − f_S(X) amplified by the kernel solve',
  },
  instances: { ci: 100, thorough: 500 },
  arbitrary,
  implementation: { fineTune: lazyFineTunedFrom },
  check,
  plantedBugs,
};
