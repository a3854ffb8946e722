import { describe, expect, it } from 'vitest';
import { haarColumns } from '../linalg/haar.js';
import { scale } from '../linalg/mat.js';
import { createRng } from '../random/rng.js';
import { drawShallowRelu, reluOutput, tangentFeatures } from './lazyKernel.js';
import { trainShallowRelu } from './lazyTraining.js';

describe('trainShallowRelu', () => {
  const rng = createRng('lazy-training');
  const net = drawShallowRelu(16, 3, rng.fork('net'));
  const x = scale(haarColumns(3, 2, rng.fork('x')), Math.sqrt(3));
  const y = Float64Array.from([0.7, -0.4]);
  const lr = 0.3;

  it('takes exactly the GD step θ − λΦ(X)(f(X) − y) on (W, a) in the NTK parametrisation', () => {
    const phi = tangentFeatures(net, x);
    const f = reluOutput(net, x);
    const theta = [...net.hidden.data, ...net.output];
    const next = theta.map((t, r) => t - lr * ((f[0] - y[0]) * phi.data[r * 2] + (f[1] - y[1]) * phi.data[r * 2 + 1]));
    const run = trainShallowRelu(net, x, y, { learningRate: lr, epochs: 1, chunk: 1, stopLoss: 0 });
    const got = [...run.net.hidden.data, ...run.net.output];
    const err = Math.max(...got.map((g, i) => Math.abs(g - next[i])));
    expect(err).toBeLessThan(1e-13);
    expect(run.epochs).toBe(1);
  });

  it('stops once the loss is below stopLoss, and keeps the hidden weights when frozen', () => {
    const run = trainShallowRelu(net, x, y, { learningRate: lr, epochs: 10_000, chunk: 10, stopLoss: 1e-20 });
    expect(run.loss).toBeLessThanOrEqual(1e-20);
    expect(run.epochs).toBeLessThan(10_000);
    const frozen = trainShallowRelu(net, x, y, {
      learningRate: lr,
      epochs: 20,
      chunk: 5,
      stopLoss: 0,
      freezeHidden: true,
    });
    const moved = Math.max(...frozen.net.hidden.data.map((v, i) => Math.abs(v - net.hidden.data[i])));
    expect(moved).toBeLessThan(1e-15);
    expect(frozen.epochs).toBe(20);
    expect(frozen.loss).toBeLessThan(0.5 * y.reduce((s, v, i) => s + (v - reluOutput(net, x)[i]) ** 2, 0));
  });
});
