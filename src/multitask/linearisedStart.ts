import { haarBlock } from '../linalg/haar.js';
import type { Mat } from '../linalg/mat.js';
import { layerShapes } from '../network/model.js';
import type { Rng } from '../random/rng.js';
import { argmaxLabels, gaussianInputs } from './data.js';
import { drawTeacherPair } from './teacher.js';
import { centreRows } from './theory.js';

/** A classifier of the linearised regime (MULTITASK.md §3.2): task, architecture and small init. */
export interface LinearisedStartSpec {
  readonly inputDim: number;
  readonly classes: number;
  readonly rank: number;
  /** s: the teacher's singular values (σ = 1/√d logit noise, no flips). */
  readonly scale: number;
  readonly examples: number;
  readonly hidden: readonly number[];
  /** ε: each of the D_w initial matrices is a Haar block of gain ε^{1/D_w}. */
  readonly initScale: number;
}

/** The data and initial weights of a linearised-regime run. */
export interface LinearisedStart {
  readonly x: Mat;
  readonly labels: Int32Array;
  /** The model without its head kind: input size, hidden sizes, one head of C outputs. */
  readonly base: {
    readonly inputDim: number;
    readonly hiddenDims: readonly number[];
    readonly heads: [{ outputDim: number }];
  };
  readonly layers: Mat[];
}

/**
 * Task A's argmax teacher (streams `teacher`, `inputs`, `labels`), P Gaussian inputs and their labels,
 * and small Haar-block weights (streams `layer<l>`) whose head is centred by `centre` (𝟙ᵀW^{D_w} = 0,
 * MULTITASK.md §3.2); the set-up of MT2 and of the MT-linear figure.
 */
export function linearisedStart(
  spec: LinearisedStartSpec,
  rng: Rng,
  centre: (head: Mat) => Mat = centreRows,
): LinearisedStart {
  const teacher = drawTeacherPair(
    {
      inputDim: spec.inputDim,
      classes: spec.classes,
      rank: spec.rank,
      scaleA: spec.scale,
      scaleB: spec.scale,
      relatedness: 0,
    },
    rng.fork('teacher'),
  ).a;
  const x = gaussianInputs(spec.inputDim, spec.examples, rng.fork('inputs'));
  const labels = argmaxLabels(
    teacher,
    x,
    { logitNoiseStd: 1 / Math.sqrt(spec.inputDim), labelFlip: 0 },
    rng.fork('labels'),
  );
  const base = {
    inputDim: spec.inputDim,
    hiddenDims: spec.hidden,
    heads: [{ outputDim: spec.classes }] as [{ outputDim: number }],
  };
  const shapes = layerShapes(base);
  const gain = Math.pow(spec.initScale, 1 / shapes.length);
  const layers = shapes.map(([r, c], l) => {
    const m = haarBlock(r, c, rng.fork(`layer${l}`));
    for (let i = 0; i < m.data.length; i++) m.data[i] *= gain;
    return m;
  });
  layers[layers.length - 1] = centre(layers[layers.length - 1]);
  return { x, labels, base, layers };
}
