import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import { frobeniusDistSq, frobeniusSq } from '../linalg/norms.js';
import type { Task } from '../task/task.js';
import type { InputSubspace } from './inputSubspace.js';
import type { RunRecorder } from './recordRun.js';

/**
 * `createRecorder` for a run trained in the coordinates of an input subspace Q (W = W_rQᵀ,
 * E = E_rQᵀ + Σ31(I − QQᵀ)); `add(epoch, wr, er)` takes W_r and E_r (N3×r) and records the
 * same quantities without forming W, and without cancellation:
 * ‖W − W̄‖² = ‖W_r − W̄Q‖² + ‖W̄(I − QQᵀ)‖², ‖E‖² = ‖E_r‖² + ‖Σ31(I − QQᵀ)‖² (both split
 * terms orthogonal, the constant ones precomputed), train error from ‖E‖² as for the full
 * path ('identity': ‖E‖²; 'scaled': ‖E‖²/D + ‖Ŷ(I−Π)‖²), and mode strengths
 * (ÛᵀWV̂)_kk = û_kᵀW_r(Qᵀv̂_k), where Qᵀv̂_k = e_k for the modes Q carries as its own columns.
 */
export function createReducedRecorder(task: Task, sub: InputSubspace): RunRecorder {
  if (task.sigma11Kind !== 'identity' && task.sigma11Kind !== 'scaled') {
    throw new RangeError(`createReducedRecorder: Σ11 of kind '${task.sigma11Kind}' has no input reduction`);
  }
  const trainError: number[] = [];
  const testError: number[] = [];
  const { u, v } = task.svd31;
  const modes = u.cols;
  const modeStrengths: number[][] = Array.from({ length: modes }, () => []);
  const n3 = task.spec.outputDim;
  const r = sub.rank;
  const teacherQ = matmul(task.teacher, sub.q);
  const teacherOutsideSq = outsideSq(task.teacher, sub.q);
  const dataOutsideSq = outsideSq(task.sigma31, sub.q);
  // Qᵀv̂_k for the modes that are not columns of Q (rank-deficient Σ31 only).
  const qtv = matmul(sub.q, v, { transA: true });
  const ud = u.data;
  const scaled = task.sigma11Kind === 'scaled';
  return {
    add(_epoch, wr, er) {
      const wd = wr.data;
      testError.push((frobeniusDistSq(wr, teacherQ) + teacherOutsideSq) / task.teacherNormSq);
      const s = frobeniusSq(er) + dataOutsideSq;
      const residual = scaled ? s / task.sigma11Scale + task.unfittableSq : s;
      trainError.push(residual / task.targetNormSq);
      for (let k = 0; k < modes; k++) {
        let m = 0;
        if (k < sub.dataRank) {
          for (let i = 0; i < n3; i++) m += ud[i * modes + k] * wd[i * r + k];
        } else {
          for (let i = 0; i < n3; i++) {
            let wb = 0;
            for (let j = 0; j < r; j++) wb += wd[i * r + j] * qtv.data[j * modes + k];
            m += ud[i * modes + k] * wb;
          }
        }
        modeStrengths[k].push(m);
      }
    },
    result: () => ({ trainError, testError, modeStrengths }),
  };
}

/** ‖A(I − QQᵀ)‖²_F, from the difference itself (no cancellation of ‖A‖² − ‖AQ‖²). */
function outsideSq(a: Mat, q: Mat): number {
  const back = matmul(matmul(a, q), q, { transB: true });
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += (a.data[i] - back.data[i]) ** 2;
  return s;
}
