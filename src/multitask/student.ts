import { haarBlock } from '../linalg/haar.js';
import type { Mat } from '../linalg/mat.js';
import { layerShapes, type ModelSpec, type ModelWeights } from '../network/model.js';
import type { Rng } from '../random/rng.js';
import type { MultitaskConfig } from './config.js';

/** Gain of every weight matrix under `init: "small"` (MULTITASK.md §3.2's linearised regime: logits start near 0). */
export const SMALL_INIT_GAIN = 1e-2;

/** The student of a config (MULTITASK.md §1): `trunkLayers` layers of `trunkWidth` units, one softmax head per task. */
export function studentModel(c: MultitaskConfig, heads: 1 | 2, weights: ModelWeights): ModelSpec {
  return {
    inputDim: c.inputDim,
    hiddenDims: new Array<number>(c.trunkLayers).fill(c.trunkWidth),
    activations: new Array(c.trunkLayers).fill({ kind: c.activation }),
    heads: new Array(heads).fill({ outputDim: c.classes, output: 'softmaxCrossEntropy' }),
    biases: c.biases,
    init: { kind: 'given', weights: weights.layers, biases: weights.biases },
  };
}

/**
 * Initial weights of the two-head student (trunk, head A, head B), the authors' way: every matrix the
 * leading block of a Haar matrix (PyTorch's orthogonal_, gain 1), every bias U(−1/√fan_in, 1/√fan_in)
 * (PyTorch's Linear default); `small` scales the matrices by SMALL_INIT_GAIN and zeroes the biases.
 * Matrix l draws from rng.fork(`layer<l>`), its bias from rng.fork(`bias<l>`).
 */
export function initialStudent(c: MultitaskConfig, rng: Rng): ModelWeights {
  const shapes = layerShapes({
    inputDim: c.inputDim,
    hiddenDims: new Array<number>(c.trunkLayers).fill(c.trunkWidth),
    heads: [{ outputDim: c.classes }, { outputDim: c.classes }],
  });
  const gain = c.init === 'small' ? SMALL_INIT_GAIN : 1;
  const layers: Mat[] = shapes.map(([r, cols], l) => {
    const m = haarBlock(r, cols, rng.fork(`layer${l + 1}`));
    if (gain !== 1) for (let i = 0; i < m.data.length; i++) m.data[i] *= gain;
    return m;
  });
  if (!c.biases) return { layers };
  const biases = shapes.map(([r, cols], l) => {
    const b = new Float64Array(r);
    if (c.init === 'small') return b;
    const stream = rng.fork(`bias${l + 1}`);
    const bound = 1 / Math.sqrt(cols);
    for (let i = 0; i < r; i++) b[i] = bound * (2 * stream.uniform() - 1);
    return b;
  });
  return { layers, biases };
}

/** The single-task student's weights: the two-head student's without head B (same trunk and head A). */
export function withoutHeadB(w: ModelWeights): ModelWeights {
  return { layers: w.layers.slice(0, -1), biases: w.biases?.slice(0, -1) };
}
