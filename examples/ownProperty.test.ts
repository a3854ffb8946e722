/**
 * How to write your own property with dlgen's generators and claim runner. Run it with
 * `npm run build && npx vitest run examples/` (it imports the built package as a user would).
 *
 * The claim: with a small learning rate, full-batch GD never increases the training loss,
 * for any depth, width, initialisation and update order (THEORY.md §2, §11 C19).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arbDims,
  arbLogUniform,
  arbSeed,
  arbUniform,
  atMost,
  buildTask,
  createRng,
  describeFailure,
  runClaim,
  trainStudent,
  type Claim,
} from 'dlgen';

/** The instance: plain JSON. Matrices are drawn from `seed` inside the check, so shrinking acts on sizes. */
interface Spec {
  inputDim: number;
  outputDim: number;
  hidden: number[];
  sBar: number;
  initScale: number;
  seed: number;
}

const arbitrary = fc
  .record({
    dims: arbDims({ maxOutputDim: 8 }),
    depth: fc.integer({ min: 1, max: 3 }),
    width: fc.integer({ min: 1, max: 8 }),
    sBar: arbUniform(0.5, 5),
    initScale: arbLogUniform(1e-4, 1e-1),
    seed: arbSeed(),
  })
  .map(({ dims, depth, width, sBar, initScale, seed }) => ({
    ...dims,
    hidden: new Array(depth).fill(width),
    sBar,
    initScale,
    seed,
  }));

/** Largest increase of the train loss between consecutive epochs (≤ 0 when the loss never increases). */
function largestIncrease(spec: Spec): number {
  const rng = createRng(spec.seed);
  const task = buildTask(
    {
      inputDim: spec.inputDim,
      outputDim: spec.outputDim,
      examples: spec.inputDim,
      teacherSingularValues: [spec.sBar],
      noiseStd: 0.5,
      inputs: 'orthogonal',
    },
    rng,
  );
  const lr = 0.02 / Math.max(task.svd31.s[0], 1); // well inside the stable range λ < 1/ŝ1
  const run = trainStudent(
    task,
    { hiddenDims: spec.hidden, init: 'random', initScale: spec.initScale, update: 'sequential' },
    { learningRate: lr, epochs: 300, reportEvery: 1 },
    rng,
  );
  let worst = -Infinity;
  for (let i = 1; i < run.trainError.length; i++) worst = Math.max(worst, run.trainError[i] - run.trainError[i - 1]);
  return worst;
}

describe('writing your own property', () => {
  it('style 1: a plain fast-check property over dlgen generators', () => {
    fc.assert(
      fc.property(arbitrary, (spec) => largestIncrease(spec) <= 1e-14),
      { numRuns: 30, seed: 42 },
    );
  });

  it('style 2: a Claim object, run with the same reporting, seeds and replay as `dlgen verify`', () => {
    const claim: Claim<Spec, { increase: (s: Spec) => number }> = {
      id: 'X1',
      name: 'train loss never increases for a small learning rate',
      statement:
        'Full-batch GD with λ ≤ 0.02/ŝ1 never increases the training loss, for any depth, width and initialisation.',
      reference: '§2 (2.2); §11 C19',
      kind: 'exact',
      falseFailure: { perInstance: 0, source: 'deterministic descent property; 1e-14 covers rounding' },
      instances: { ci: 30, thorough: 300 },
      arbitrary: () => arbitrary,
      implementation: { increase: largestIncrease },
      check: (spec, impl) =>
        atMost(impl.increase(spec), 0, 1e-14, 'largest epoch-to-epoch increase of the train error'),
      plantedBugs: [
        { name: 'sign flip', description: 'ascends instead of descending', implementation: { increase: () => 1 } },
      ],
    };
    const report = runClaim(claim, { seed: 7 });
    expect(report.holds, describeFailure(report)).toBe(true);
    expect(
      runClaim(claim, { seed: 7, implementation: claim.plantedBugs[0].implementation, noShrink: true }).holds,
    ).toBe(false);
  });
});
