import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { discreteModeTrajectory } from '../dynamics/discreteRecursion.js';
import type { Mat } from '../linalg/mat.js';
import { runRng } from '../network/simulate.js';
import { assembleTask } from '../task/buildTask.js';
import { drawTaskPairParts, inputFeatures, type TaskPairSpec } from '../transfer/taskPair.js';
import type { TransferConfig } from '../transfer/transferConfig.js';
import { decoupledErrors } from './alignedRuns.js';

/** One run of one F7 panel: a target s̄_A against every partner s̄_B and alignment q, sent to a worker. */
export interface F7RunJob {
  /** The panel's transfer config (its s̄_A; s̄_B and q are replaced per cell); needs P = N1 (one-hot). */
  readonly config: TransferConfig;
  readonly partners: readonly number[];
  readonly alignments: readonly number[];
  readonly run: number;
}

/** Per-run minima over the recorded epochs: A alone once, the joint student's error on A per (q, s̄_B) cell, q-major. */
export interface F7RunResult {
  readonly aloneMin: number;
  readonly jointMin: number[];
}

/**
 * Run `run` of a panel of F7 by the decoupled per-mode recursion (3.9), drawing the pair exactly as
 * the transfer engine does (`drawTaskPairParts` from stream run<r>: the same Ū, V̄ basis and noise
 * in every cell). Everything that does not depend on the cell is computed once per run: task A
 * and its alone student (which sees neither q nor s̄_B), the noise rows of A. Per cell only the
 * joint data Ŷ = [Ŷ_A; s̄_B ū_B v̄_Bᵀ + Z_B] change; their modes come from the eigendecomposition
 * of ŶŶᵀ (ŝ_k² and û_k; v̂_k·v̄_A = û_kᵀŶv̄_A/ŝ_k), and the joint error on A is
 * ‖W̄_A‖² + Σ_k s_k(‖û_k^A‖² s_k − 2 s̄_A (û_k^A·ū_A)(v̂_k·v̄_A)) (§8.3), each s_k from (3.9).
 */
export function f7RunJob(job: F7RunJob, report?: (units: number) => void): F7RunResult {
  const c = job.config;
  if (c.examples !== c.inputDim) throw new RangeError(`F7 runs need P = N1 (one-hot inputs), got P = ${c.examples}`);
  if (c.singularValuesA.length !== 1) throw new RangeError('F7 runs need a rank-one target A');
  const sA = c.singularValuesA[0];
  const n1 = c.inputDim;
  const n3a = c.outputDimA;
  const n3b = c.outputDimB;
  const n3 = n3a + n3b;
  const spec: TaskPairSpec = {
    inputDim: n1,
    outputDimA: n3a,
    outputDimB: n3b,
    examples: c.examples,
    singularValuesA: [sA],
    singularValuesB: [job.partners[0]],
    alignments: [job.alignments[0]],
    noiseStd: c.noiseStd,
  };
  const parts = drawTaskPairParts(spec, runRng(c.seed, job.run));
  const vBarA = inputFeatures(parts.basis, 1, 1, [0]).vBarA;
  const noiseA: Mat = { rows: n3a, cols: n1, data: parts.noise.data.slice(0, n3a * n1) };
  const taskA = assembleTask(
    { inputDim: n1, outputDim: n3a, examples: n1, teacherSingularValues: [sA], noiseStd: c.noiseStd, inputs: 'onehot' },
    { uBar: parts.uBarA, vBar: vBarA, noise: noiseA, x: parts.x, inputKind: 'identity', inputScale: 1 },
  );
  const aloneMin = minimum(decoupledErrors(taskA, c).testError);
  const recursion = {
    initScale: c.initScale,
    learningRate: c.learningRate,
    depth: c.hiddenDims.length + 1,
    update: c.update,
    epochs: c.epochs,
    reportEvery: c.reportEvery,
  };
  const modes = Math.min(n1, n3, ...c.hiddenDims);
  const normA = sA * sA;
  const y = new Float64Array(n3 * n1);
  y.set(taskA.y.data);
  const jointMin: number[] = [];
  for (const q of job.alignments) {
    const vBarB = inputFeatures(parts.basis, 1, 1, [q]).vBarB;
    for (const sB of job.partners) {
      for (let i = 0; i < n3b; i++) {
        const ub = sB * parts.uBarB.data[i];
        const row = (n3a + i) * n1;
        for (let j = 0; j < n1; j++) y[row + j] = ub * vBarB.data[j] + parts.noise.data[row + j];
      }
      jointMin.push(jointMinimumOnA(y, n3, n1, n3a, modes, parts.uBarA.data, vBarA.data, sA, normA, recursion));
      report?.(1);
    }
  }
  return { aloneMin, jointMin };
}

/** min_t ‖P_A W(t) − W̄_A‖²/‖W̄_A‖² of the joint TA student on data Ŷ (n3×n1, row-major), see `f7RunJob`. */
function jointMinimumOnA(
  y: Float64Array,
  n3: number,
  n1: number,
  n3a: number,
  modes: number,
  uBarA: Float64Array,
  vBarA: Float64Array,
  sA: number,
  normA: number,
  recursion: Parameters<typeof discreteModeTrajectory>[1],
): number {
  const gram = new Matrix(n3, n3);
  for (let i = 0; i < n3; i++) {
    for (let k = i; k < n3; k++) {
      let acc = 0;
      for (let j = 0; j < n1; j++) acc += y[i * n1 + j] * y[k * n1 + j];
      gram.set(i, k, acc);
      gram.set(k, i, acc);
    }
  }
  const yv = new Float64Array(n3);
  for (let i = 0; i < n3; i++) {
    let acc = 0;
    for (let j = 0; j < n1; j++) acc += y[i * n1 + j] * vBarA[j];
    yv[i] = acc;
  }
  const eig = new EigenvalueDecomposition(gram, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const vectors = eig.eigenvectorMatrix;
  const order = Array.from({ length: n3 }, (_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  const curves: number[][] = [];
  const weight: number[] = [];
  const pull: number[] = [];
  for (let k = 0; k < modes; k++) {
    const col = order[k];
    const sHat = Math.sqrt(Math.max(0, values[col]));
    let w = 0;
    let onU = 0;
    let onYv = 0;
    for (let i = 0; i < n3; i++) {
      const uik = vectors.get(i, col);
      if (i < n3a) {
        w += uik * uik;
        onU += uik * uBarA[i];
      }
      onYv += uik * yv[i];
    }
    weight.push(w);
    pull.push(sHat > 0 ? (sA * onU * onYv) / sHat : 0);
    curves.push(discreteModeTrajectory(sHat, recursion));
  }
  let best = Infinity;
  for (let t = 0; t < curves[0].length; t++) {
    let e = normA;
    for (let k = 0; k < modes; k++) {
      const s = curves[k][t];
      e += s * (weight[k] * s - 2 * pull[k]);
    }
    if (!Number.isFinite(e)) {
      throw new RangeError(
        `F7: the per-mode recursion (3.9) blew up (λ = ${recursion.learningRate} is too large for ŝ = ${Math.sqrt(Math.max(...values))}); lower the learning rate`,
      );
    }
    best = Math.min(best, Math.max(0, e) / normA);
  }
  return best;
}

function minimum(xs: readonly number[]): number {
  let m = Infinity;
  for (const x of xs) m = Math.min(m, x);
  return m;
}
