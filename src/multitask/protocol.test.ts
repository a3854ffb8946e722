import { describe, expect, it } from 'vitest';
import { headLosses } from '../network/reference.js';
import { sequentialStep } from '../network/sequentialStep.js';
import { createRng } from '../random/rng.js';
import { resolveMultitaskConfig } from './config.js';
import { batchedTestMetrics, headLogits, perExample } from './evaluate.js';
import { drawSeed, oneHot, runSeed, trainMultitaskStudent } from './protocol.js';
import { SMALL_INIT_GAIN, initialStudent, studentModel, withoutHeadB } from './student.js';

const small = resolveMultitaskConfig({
  inputDim: 8,
  classes: 3,
  rank: 2,
  trainExamples: 24,
  auxExamples: 48,
  testExamples: 30,
  trunkLayers: 2,
  trunkWidth: 5,
  batchSize: 8,
  learningRate: 0.05,
  epochs: 5,
});

describe('the multitask student', () => {
  it("draws orthogonal gain-1 matrices and PyTorch's uniform biases; small init scales them and zeroes the biases", () => {
    const w = initialStudent(small, createRng(1));
    expect(w.layers.map((l) => [l.rows, l.cols])).toEqual([
      [5, 8],
      [5, 5],
      [3, 5],
      [3, 5],
    ]);
    const first = w.layers[0];
    for (let i = 0; i < 5; i++) {
      let n = 0;
      for (let j = 0; j < 8; j++) n += first.data[i * 8 + j] ** 2;
      expect(n).toBeCloseTo(1, 12);
    }
    w.biases!.forEach((b, l) =>
      b.forEach((v) => expect(Math.abs(v)).toBeLessThanOrEqual(1 / Math.sqrt(w.layers[l].cols))),
    );
    const s = initialStudent({ ...small, init: 'small' }, createRng(1));
    expect(s.layers[0].data[3]).toBeCloseTo(SMALL_INIT_GAIN * first.data[3], 15);
    expect(s.biases!.every((b) => b.every((v) => v === 0))).toBe(true);
    expect(initialStudent({ ...small, biases: false }, createRng(1)).biases).toBeUndefined();
    expect(withoutHeadB(w).layers).toHaveLength(3);
  });
  it("headLogits' cross-entropy is the engine's mean loss; batched metrics average batch means as the authors' test loader", () => {
    const { data, init } = drawSeed(small, 0);
    const model = studentModel(small, 2, init);
    const z = headLogits(model, init, data.testA.x, 0);
    const engine = headLosses(
      model,
      init,
      [
        { x: data.testA.x, y: oneHot(data.testA.labels, 3) },
        { x: data.testB.x, y: oneHot(data.testB.labels, 3) },
      ],
      'mean',
    );
    const { loss } = perExample(z, data.testA.labels);
    expect(loss.reduce((a, b) => a + b, 0) / loss.length).toBeCloseTo(engine[0], 12);
    const whole = batchedTestMetrics(z, data.testA.labels, 1000);
    const batched = batchedTestMetrics(z, data.testA.labels, 8);
    expect(whole.loss).toBeCloseTo(engine[0], 12);
    const first = loss.slice(0, 8).reduce((a, b) => a + b, 0) / 8;
    const last = loss.slice(24).reduce((a, b) => a + b, 0) / 6;
    expect(batched.loss).toBeCloseTo(
      (first +
        (loss.slice(8, 16).reduce((a, b) => a + b, 0) + loss.slice(16, 24).reduce((a, b) => a + b, 0)) / 8 +
        last) /
        4,
      12,
    );
  });
  it('pairs the single- and multitask students on one draw; without task-B batches the multitask run is the single-task run', () => {
    const r = runSeed(small, 1);
    expect(r.benefit).toBe(r.singleTaskLoss - r.multiTaskLoss);
    expect(r.benefit).not.toBe(0);
    const noAux = { ...small, auxExamples: 10 };
    expect(trainMultitaskStudent(noAux, 1, 'multi')).toEqual(trainMultitaskStudent(noAux, 1, 'single'));
    expect(trainMultitaskStudent(small, 1, 'single')).toEqual(
      trainMultitaskStudent({ ...small, scaleB: 0.3, relatedness: 0.2 }, 1, 'single'),
    );
  });
});

describe('fullBatch in both update orders', () => {
  it('sequential: joint GD on the summed mean losses, each layer on the updated lower layers (sequentialStep), differing from simultaneous', () => {
    const full = resolveMultitaskConfig({ ...small, protocol: 'fullBatch', update: 'sequential', epochs: 6 });
    const { data, init } = drawSeed(full, 2);
    const model = studentModel(full, 2, init);
    const heads = [
      { x: data.trainA.x, y: oneHot(data.trainA.labels, 3) },
      { x: data.trainB.x, y: oneHot(data.trainB.labels, 3) },
    ];
    let w = init;
    for (let t = 0; t < full.epochs; t++)
      w = sequentialStep(model, w, heads, { learningRate: full.learningRate, reduction: 'mean' });
    const expected = batchedTestMetrics(headLogits(model, w, data.testA.x, 0), data.testA.labels, full.testExamples);
    expect(trainMultitaskStudent(full, 2, 'multi')).toEqual(expected);
    const simultaneous = trainMultitaskStudent({ ...full, update: 'simultaneous' }, 2, 'multi');
    expect(Math.abs(simultaneous.loss - expected.loss)).toBeGreaterThan(1e-9);
    // The single-task student of the sequential run also trains in the sequential order.
    const single = trainMultitaskStudent(full, 2, 'single');
    expect(single.loss).not.toBe(trainMultitaskStudent({ ...full, update: 'simultaneous' }, 2, 'single').loss);
  });
});
