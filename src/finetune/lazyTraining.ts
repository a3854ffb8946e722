import type { Mat } from '../linalg/mat.js';
import type { ModelSpec } from '../network/model.js';
import { trainModel } from '../network/trainModel.js';
import { reluOutput, type ShallowRelu } from './lazyKernel.js';

/** GD settings for the shallow ReLU net: step λ on θ = (W, a) in the NTK parametrisation, a step cap and the early stop. */
export interface ShallowReluTraining {
  readonly learningRate: number;
  readonly epochs: number;
  /** Epochs between loss checks. */
  readonly chunk: number;
  /** Stop at the first check where ½‖y − f(X)‖² ≤ stopLoss (0: run every epoch). */
  readonly stopLoss: number;
  /** Keep the hidden weights W at their start (fine-tune the output weights a only); default false. */
  readonly freezeHidden?: boolean;
}

/** The trained net, the epoch training stopped at and its final loss ½‖y − f(X)‖². */
export interface ShallowReluRun {
  readonly net: ShallowRelu;
  readonly epochs: number;
  readonly loss: number;
}

/**
 * Full-batch GD with step λ on f(x) = (1/√m) Σ_j a_j relu(w_jᵀx) (FINETUNE.md §5) from `net`, through the training
 * engine. The engine's two-layer ReLU student W² relu(W¹x) holds W¹ = m^{−1/4}W and W² = m^{−1/4}aᵀ and steps with
 * λ/√m: relu is positively homogeneous, so its function is the same and its GD is exactly GD on (W, a) with step λ.
 */
export function trainShallowRelu(
  net: ShallowRelu,
  x: Mat,
  y: ArrayLike<number>,
  spec: ShallowReluTraining,
): ShallowReluRun {
  const m = net.hidden.rows;
  const n1 = net.hidden.cols;
  const c = Math.pow(m, -0.25);
  const model: ModelSpec = {
    inputDim: n1,
    hiddenDims: [m],
    activations: [{ kind: 'relu' }],
    heads: [{ outputDim: 1 }],
    frozen: spec.freezeHidden ? [1] : [],
    init: { kind: 'random', gain: 1 },
  };
  const data = [{ x, y: { rows: 1, cols: x.cols, data: Float64Array.from(y) } }];
  let layers: Mat[] = [
    { rows: m, cols: n1, data: net.hidden.data.map((v) => v * c) },
    { rows: 1, cols: m, data: net.output.map((v) => v * c) },
  ];
  const back = (ls: readonly Mat[]): ShallowRelu => ({
    hidden: { rows: m, cols: n1, data: ls[0].data.map((v) => v / c) },
    output: ls[1].data.map((v) => v / c),
  });
  let epoch = 0;
  let current = back(layers);
  let loss = lossOf(current, x, y);
  while (epoch < spec.epochs && !(spec.stopLoss > 0 && loss <= spec.stopLoss)) {
    const chunk = Math.min(spec.chunk, spec.epochs - epoch);
    layers = trainModel(
      model,
      data,
      { integrator: 'gd', learningRate: spec.learningRate * c * c, epochs: chunk, reportEvery: chunk },
      { layers },
    ).weights.layers;
    epoch += chunk;
    current = back(layers);
    loss = lossOf(current, x, y);
  }
  return { net: current, epochs: epoch, loss };
}

function lossOf(net: ShallowRelu, x: Mat, y: ArrayLike<number>): number {
  const f = reluOutput(net, x);
  let s = 0;
  for (let i = 0; i < f.length; i++) s += (y[i] - f[i]) ** 2;
  return 0.5 * s;
}
