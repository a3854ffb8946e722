import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveMultitaskConfig } from './config.js';
import { trainMultitaskStudent, type StudentKind } from './protocol.js';

/**
 * trainMultitaskStudent against fixtures/reference/torch-multitask.json, written by
 * fixtures/reference/torch_multitask.py: PyTorch (autograd, torch.optim.SGD, nn.CrossEntropyLoss,
 * float64) trains the single- and multitask students of MULTITASK.md §1 from dlgen's draws of the
 * same paired seed (data, initial weights, minibatch order) and records task A's test metrics at
 * checkpoint epochs. Shared: the draws only. Independent: forward pass, loss, gradients, updates,
 * the alternation of the paper protocol and the batched test metric.
 *
 * Tolerance: both sides run float64 and differ only in summation order, about 1 ulp per operation;
 * up to 1600 SGD steps of a 5-layer ReLU trunk amplify that by far less than 1e6 away from a ReLU
 * kink (observed: ≤ 6e-16 relative at every checkpoint), so 1e-10 relative catches any difference
 * of protocol (one step more or less, a batch in another order, a bias not trained) while leaving
 * room for another machine's BLAS order. Accuracies are counts over the same test set: equal.
 */
interface Checkpoint {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
}
interface Result {
  readonly name: string;
  readonly config: Record<string, unknown>;
  readonly seed: number;
  readonly student: StudentKind;
  readonly checkpoints: readonly Checkpoint[];
}

const doc = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../fixtures/reference/torch-multitask.json', import.meta.url)), 'utf8'),
) as { meta: { generatedBy: string; dtype: string }; results: Result[] };

describe('multitask protocol against an independent PyTorch implementation (float64)', () => {
  it('records the command that regenerates the fixture, in float64', () => {
    expect(doc.meta.generatedBy).toBe('python3 fixtures/reference/torch_multitask.py');
    expect(doc.meta.dtype).toBe('float64');
    // Both protocols, both students, and the held-out deep cell are covered.
    const names = new Set(doc.results.map((r) => r.config.protocol ?? 'paper'));
    expect([...names].sort()).toEqual(['fullBatch', 'paper']);
    expect(doc.results.some((r) => r.config.trunkLayers === 5 && r.config.trainExamples === 400)).toBe(true);
  });

  for (const r of doc.results) {
    it(`${r.name}, seed ${r.seed}, ${r.student}-task student`, () => {
      for (const cp of r.checkpoints) {
        const c = resolveMultitaskConfig({ ...r.config, epochs: cp.epoch });
        const got = trainMultitaskStudent(c, r.seed, r.student);
        const rel = Math.abs(got.loss - cp.loss) / cp.loss;
        expect(rel, `epoch ${cp.epoch}: dlgen ${got.loss}, PyTorch ${cp.loss}`).toBeLessThan(1e-10);
        expect(got.accuracy, `epoch ${cp.epoch}`).toBe(cp.accuracy);
      }
    });
  }
});
