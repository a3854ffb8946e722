import { gemmInto } from '../linalg/gemm.js';
import { zeros, type Mat } from '../linalg/mat.js';
import { frobeniusDistSq, frobeniusSq } from '../linalg/norms.js';
import type { Task } from '../task/task.js';
import type { RunRecord } from './student.js';

/**
 * Storage for the recorder's product WV̂: V̂ (N1×modes) and WV̂ (N3×modes) in the kernel arena,
 * next to W, so each record's product runs in place instead of copying V̂ in (same bits).
 */
export interface RecorderScratch {
  readonly v: Mat;
  readonly wv: Mat;
}

/** The shapes of a task's `RecorderScratch`, for `createWorkspace`. */
export function recorderScratchShapes(task: Task): [number, number][] {
  const modes = task.svd31.u.cols;
  return [
    [task.spec.inputDim, modes],
    [task.spec.outputDim, modes],
  ];
}

/** Accumulates a run's records; `add` is the trainer's observer (Appendix R2). */
export interface RunRecorder {
  add(epoch: number, w: Mat, e: Mat): void;
  result(): RunRecord;
}

/**
 * Records train and test error from cheap identities and the noisy-mode strengths
 * diag(ÛᵀWV̂). Train error uses E = Σ31 − WΣ11 (1.7): ‖E‖² when XᵀX = I_P (identity,
 * projector), ‖E‖²/D + ‖Ŷ(I−Π)‖² when Σ11 = D·I, and ⟨WΣ11 − 2Σ31, W⟩ + ‖Ŷ‖² otherwise.
 */
export function createRecorder(task: Task, scratch?: RecorderScratch): RunRecorder {
  const trainError: number[] = [];
  const testError: number[] = [];
  const { u } = task.svd31;
  const modes = u.cols;
  const modeStrengths: number[][] = Array.from({ length: modes }, () => []);
  const n3 = task.spec.outputDim;
  const sigma31 = task.sigma31.data;
  scratch?.v.data.set(task.svd31.v.data);
  const v = scratch ? scratch.v : task.svd31.v;
  const wv = scratch ? scratch.wv : zeros(n3, modes);
  return {
    add(_epoch, w, e) {
      const wd = w.data;
      testError.push(frobeniusDistSq(w, task.teacher) / task.teacherNormSq);
      let residual: number;
      const ed = e.data;
      if (task.sigma11Kind === 'general') {
        // ‖WX − Ŷ‖² = ⟨WΣ11, W⟩ − 2⟨Σ31, W⟩ + ‖Ŷ‖², with WΣ11 = Σ31 − E.
        let s = 0;
        for (let i = 0; i < wd.length; i++) s += (sigma31[i] - ed[i] - 2 * sigma31[i]) * wd[i];
        residual = Math.max(0, s + task.targetNormSq);
      } else {
        const s = frobeniusSq(e);
        residual = task.sigma11Kind === 'scaled' ? s / task.sigma11Scale + task.unfittableSq : s;
      }
      trainError.push(residual / task.targetNormSq);
      // (ÛᵀWV̂)_kk = Σ_i û_ik (WV̂)_ik, with WV̂ from the SIMD product kernel.
      gemmInto(wv, w, v);
      const wvd = wv.data;
      for (let k = 0; k < modes; k++) {
        let s = 0;
        for (let i = 0; i < n3; i++) s += u.data[i * modes + k] * wvd[i * modes + k];
        modeStrengths[k].push(s);
      }
    },
    result: () => ({ trainError, testError, modeStrengths }),
  };
}
