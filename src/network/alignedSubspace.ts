import { matmul } from '../linalg/gemm.js';
import { columns, type Mat } from '../linalg/mat.js';
import { frobeniusDot, frobeniusSq } from '../linalg/norms.js';
import type { Rng } from '../random/rng.js';
import type { Task } from '../task/task.js';
import { initStudent } from './init.js';
import type { Layers, RunRecord, StudentSpec, TrainingSpec } from './student.js';
import { runGradientDescentOn, type EpochProblem } from './trainer.js';

/**
 * The two-sided subspace of a training-aligned (TA) student on data of rank r = P (THEORY §2, §3.1).
 *
 * When Σ31 = ŶXᵀ has rank r equal to the number of examples P, span(X) = rowspace(Σ31) = span(V̂_{1:r})
 * and col(Ŷ) = col(Σ31) = span(Û_{1:r}). A TA student maps V̂_{1:r} into hidden subspaces Q_l and on to
 * Û_{1:r}, and maps their orthogonal complements into each other (each layer is ε^{1/D_w} times an
 * isometry). GD keeps both: E = (Ŷ − WX)Xᵀ has columns in col(Ŷ) and rows in span(X), so every update
 * λ(W^{>l})ᵀE(W^{<l})ᵀ is Q_l(·)Q_{l−1}ᵀ, and the complement blocks never move. Hence, exactly in exact
 * arithmetic and for any Σ11 = XXᵀ (Gaussian inputs included), W^l(t) = Q_l M_l(t) Q_{l−1}ᵀ + N_l with
 * N_l = W^l(0) − Q_l M_l(0) Q_{l−1}ᵀ constant, and (M_l) is GD on the r×r problem
 * (Q_Dᵀ Σ31 Q_0, Q_0ᵀ Σ11 Q_0): every product shrinks from N1, N2, N3 to r.
 */
export interface AlignedSubspace {
  /** r = P = rank Σ31. */
  readonly rank: number;
  /** Q_0 = V̂_{1:r}, Q_1 … Q_{D−1} (hidden), Q_D = Û_{1:r}. */
  readonly bases: readonly Mat[];
  /** The r×r problem (Σ11 general). */
  readonly problem: EpochProblem;
  /** M_l(0) = Q_lᵀ W^l(0) Q_{l−1}. */
  readonly start: Layers;
  /** ‖N‖²_F of the constant complement part N of the end-to-end map W. */
  readonly complementNormSq: number;
  /** ⟨N, W̄⟩_F. */
  readonly complementDotTeacher: number;
  /** Q_Dᵀ W̄ Q_0, r×r. */
  readonly teacherReduced: Mat;
}

/** Machine epsilon of float64. */
const EPS = 2 ** -52;

/** Largest accepted departure of a TA layer from the block structure (relative); the construction gives ~1e-15. */
const STRUCTURE_TOLERANCE = 1e-12;

/**
 * The aligned subspace of a TA student's layers on `task`, or a reason why the reduction does not apply:
 * rank Σ31 ≠ P (then span(X) ⊋ rowspace(Σ31) and Σ11 couples the complement), some hidden width < P,
 * nothing to gain (r equals N1, N3 and every hidden width), or layers that are not a TA initialisation.
 */
export function alignedSubspace(task: Task, layers: Layers): AlignedSubspace | string {
  const { s, u, v } = task.svd31;
  const n1 = task.spec.inputDim;
  const n3 = task.spec.outputDim;
  const p = task.spec.examples;
  const tol = Math.max(n3, n1) * EPS * s[0];
  let r = 0;
  while (r < s.length && s[r] > tol) r++;
  if (r !== p) return `rank Σ31 = ${r} differs from P = ${p}`;
  const widths = [n1, ...layers.map((l) => l.rows)];
  if (widths.slice(1, -1).some((h) => h < r)) return `a hidden width is below P = ${r}`;
  if (widths.every((w) => w === r)) return 'every width already equals P';
  const depth = layers.length;
  const e = frobeniusSq(layers[0]) > 0 ? Math.sqrt(frobeniusSq(matmul(layers[0], columns(v, 0, r))) / r) : 0;
  if (!(e > 0)) return 'the first layer is zero on the data';
  // Q_l = W^l Q_{l−1} / ε^{1/D}: orthonormal columns for a TA student.
  const bases: Mat[] = [columns(v, 0, r)];
  for (let l = 0; l < depth - 1; l++) {
    const q = matmul(layers[l], bases[l]);
    for (let i = 0; i < q.data.length; i++) q.data[i] /= e;
    bases.push(q);
  }
  bases.push(columns(u, 0, r));
  const start: Layers = [];
  for (let l = 0; l < depth; l++) {
    const bad = structureDefect(layers[l], bases[l + 1], bases[l]);
    if (bad > STRUCTURE_TOLERANCE) return `layer ${l + 1} is not block-aligned (defect ${bad.toExponential(2)})`;
    start.push(matmul(matmul(bases[l + 1], layers[l], { transA: true }), bases[l]));
  }
  const q0 = bases[0];
  const qd = bases[depth];
  const sigma31 = matmul(matmul(qd, task.sigma31, { transA: true }), q0);
  const x = matmul(q0, task.x, { transA: true });
  const sigma11 = matmul(x, x, { transB: true });
  // The constant complement N = W(0) − Q_D M(0) Q_0ᵀ of the end-to-end map.
  let w0 = layers[0];
  let m0 = start[0];
  for (let l = 1; l < depth; l++) {
    w0 = matmul(layers[l], w0);
    m0 = matmul(start[l], m0);
  }
  const lifted = matmul(matmul(qd, m0), q0, { transB: true });
  const complement = new Float64Array(w0.data.length);
  for (let i = 0; i < complement.length; i++) complement[i] = w0.data[i] - lifted.data[i];
  const nMat: Mat = { rows: w0.rows, cols: w0.cols, data: complement };
  return {
    rank: r,
    bases,
    problem: { spec: { inputDim: r, outputDim: r }, sigma11Kind: 'general', sigma11Scale: 1, sigma31, sigma11, x },
    start,
    complementNormSq: frobeniusSq(nMat),
    complementDotTeacher: frobeniusDot(nMat, task.teacher),
    teacherReduced: matmul(matmul(qd, task.teacher, { transA: true }), q0),
  };
}

/** max(‖Q_lᵀQ_l − I‖_max, ‖W − Q_l(Q_lᵀWQ_{l−1})Q_{l−1}ᵀ − (I − Q_lQ_lᵀ)W(I − Q_{l−1}Q_{l−1}ᵀ)‖_F / ‖W‖_F). */
function structureDefect(w: Mat, ql: Mat, qp: Mat): number {
  const gram = matmul(ql, ql, { transA: true });
  let bad = 0;
  for (let i = 0; i < gram.rows; i++)
    for (let j = 0; j < gram.cols; j++) bad = Math.max(bad, Math.abs(gram.data[i * gram.cols + j] - (i === j ? 1 : 0)));
  // The off-diagonal blocks Q_lᵀW(I − Q_{l−1}Q_{l−1}ᵀ) and (I − Q_lQ_lᵀ)WQ_{l−1} must vanish.
  const qtw = matmul(ql, w, { transA: true });
  const qtwq = matmul(qtw, qp);
  const upper = matmul(qtwq, qp, { transB: true });
  const wq = matmul(w, qp);
  const left = matmul(ql, qtwq);
  let off = 0;
  for (let i = 0; i < qtw.data.length; i++) off += (qtw.data[i] - upper.data[i]) ** 2;
  for (let i = 0; i < wq.data.length; i++) off += (wq.data[i] - left.data[i]) ** 2;
  const norm = Math.sqrt(frobeniusSq(w));
  return Math.max(bad, norm > 0 ? Math.sqrt(off) / norm : 0);
}

/**
 * Trains a TA student on `task` by full-batch GD in its aligned subspace (see `AlignedSubspace`): the
 * planned kernel program on the r×r problem, with train error (1.7) = (⟨W_rΣ11_r, W_r⟩ − 2⟨Σ31_r, W_r⟩ +
 * ‖Ŷ‖²)/‖Ŷ‖² and test error (1.6) = (‖W_r‖² − 2⟨W_r, Q_DᵀW̄Q_0⟩ + ‖N‖² − 2⟨N, W̄⟩ + ‖W̄‖²)/‖W̄‖² (the
 * cross terms between W_r and the complement N vanish). The same trajectory as `trainStudent` to
 * rounding; mode strengths are left out (empty). Returns a reason string when the reduction does not apply.
 */
export function trainAlignedSubspace(
  task: Task,
  student: StudentSpec,
  training: Pick<TrainingSpec, 'learningRate' | 'epochs' | 'reportEvery'>,
  rng: Rng,
  options: { readonly onEpoch?: (epoch: number) => void; readonly kernels?: 'auto' | 'js' } = {},
): RunRecord | string {
  if (student.init !== 'aligned') return `init "${student.init}" (needs "aligned")`;
  const layers = initStudent(task, student, rng.fork('init'));
  const sub = alignedSubspace(task, layers);
  if (typeof sub === 'string') return sub;
  const trainError: number[] = [];
  const testError: number[] = [];
  const { sigma31 } = sub.problem;
  const constTest = sub.complementNormSq - 2 * sub.complementDotTeacher + task.teacherNormSq;
  runGradientDescentOn(task, sub.problem, sub.start, {
    update: student.update,
    training,
    onEpoch: options.onEpoch,
    kernels: options.kernels,
    initScale: student.initScale,
    record: (_epoch, _layers, wr, er) => {
      // ⟨WΣ11, W⟩ − 2⟨Σ31, W⟩ with WΣ11 = Σ31 − E.
      let fit = 0;
      for (let i = 0; i < wr.data.length; i++) fit += (-sigma31.data[i] - er.data[i]) * wr.data[i];
      trainError.push(Math.max(0, fit + task.targetNormSq) / task.targetNormSq);
      const test = frobeniusSq(wr) - 2 * frobeniusDot(wr, sub.teacherReduced) + constTest;
      testError.push(Math.max(0, test) / task.teacherNormSq);
    },
  });
  return { trainError, testError, modeStrengths: [] };
}
