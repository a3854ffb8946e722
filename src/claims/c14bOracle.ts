/**
 * C14b: per instance, the oracle (7.3) is at or below the error of the training-aligned GD student at every recorded
 * step, and of any matrix in the aligned span (§7; exact).
 */
import type fc from 'fast-check';
import { arbAlignedRun, type AlignedRunSpec } from '../arbitraries/alignedRun.js';
import { trainStudent } from '../network/train.js';
import type { Task } from '../task/task.js';
import { checkC14b, libraryOracle, type OracleImpl } from '../theory/checks/c14Shrinkage.js';
import type { Claim, Scale } from './claim.js';
import { alignedRunInstance } from './support/alignedRun.js';
import { worstClaimOutcome } from './support/theoryOutcome.js';

/** A C14(b) instance: C1's setup with a non-zero teacher. */
export type C14bSpec = AlignedRunSpec;

function arbitrary(scale: Scale): fc.Arbitrary<C14bSpec> {
  return scale === 'ci'
    ? arbAlignedRun({ maxOutputDim: 8, maxEpochs: 1500, minRank: 1, minTeacherValue: 0.1 })
    : arbAlignedRun({ maxOutputDim: 40, maxEpochs: 20_000, minRank: 1, minTeacherValue: 0.1 });
}

function check(spec: C14bSpec, impl: C14bImpl) {
  const { rng, task, student, training } = alignedRunInstance(spec);
  const record = trainStudent(task, student, training, rng);
  const rank = Math.min(task.spec.inputDim, task.spec.outputDim, ...student.hiddenDims);
  const safe: OracleImpl = {
    strengths: (t, r) => {
      try {
        return impl.strengths(t, r);
      } catch {
        return new Float64Array(t.svd31.s.length).fill(NaN);
      }
    },
    error: (t, r) => {
      try {
        return impl.error(t, r);
      } catch {
        return NaN;
      }
    },
  };
  return worstClaimOutcome(checkC14b(task, rank, record.testError, rng.fork('perturb'), safe));
}

/** An oracle implementation from strengths, with its error computed the way (7.3) does. */
/** What C14b exercises (src/theory/checks/c14Shrinkage.ts). */
export type C14bImpl = OracleImpl;

function oracleFrom(strengths: (task: Task, rank: number) => Float64Array): OracleImpl {
  return {
    strengths,
    error: (task, rank) => {
      let kept = 0;
      for (const x of strengths(task, rank)) kept += x * x;
      return Math.max(0, task.teacherNormSq - kept) / task.teacherNormSq;
    },
  };
}

/** C14(b): the oracle (7.3) lower-bounds every training-aligned student (exact, per instance). */
export const c14bOracle: Claim<C14bSpec, C14bImpl> = {
  id: 'C14b',
  name: 'the oracle shrinker lower-bounds every training-aligned student',
  statement:
    "Per instance and exactly (C1's setup: any depth, width, update order, σ_z ≥ 0, Σ11 = I or 2·I): a training-aligned student stays in the span of its top " +
    "N2 data modes û_k v̂_kᵀ, where the best matrix is the oracle s_k = c_k = û_kᵀW̄v̂_k; so (‖W̄‖² − Σ_{k<N2} c_k²)/‖W̄‖² is ≤ the student's test error at every recorded GD " +
    'step (slack 1e-12), equals the error of the oracle matrix (1e-12), and no perturbation of the oracle strengths inside the span lowers the error.',
  reference: '§7 (7.3); §11 C14(b); src/theory/checks checkC14b',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source:
      'exact (Pythagoras in the Frobenius inner product); the slacks cover the rounding of ‖·‖² sums (~1e-15 relative)',
  },
  instances: { ci: 100, thorough: 1000 },
  arbitrary,
  implementation: libraryOracle,
  check,
  plantedBugs: [
    {
      name: 'oracle from ŝ',
      description: 'the oracle strengths taken as the data singular values ŝ_k instead of c_k = û_kᵀW̄v̂_k',
      implementation: oracleFrom((task, rank) => Float64Array.from(task.svd31.s, (s, k) => (k < rank ? s : 0))),
    },
    {
      name: 'oracle from s̄',
      description: 'the oracle strengths taken as the teacher values s̄_k (the overlaps with the data modes ignored)',
      implementation: oracleFrom((task, rank) =>
        Float64Array.from(task.svd31.s, (_, k) => (k < rank && k < task.sBar.length ? task.sBar[k] : 0)),
      ),
    },
  ],
};
