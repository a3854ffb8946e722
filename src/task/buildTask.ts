import { haarColumns } from '../linalg/haar.js';
import { gemmInto, matmul } from '../linalg/gemm.js';
import { clone, fromFactors, identity, scale, transpose, zeros, type Mat } from '../linalg/mat.js';
import { frobeniusDistSq, frobeniusSq } from '../linalg/norms.js';
import { svd } from '../linalg/svd.js';
import { normals, type Rng } from '../random/rng.js';
import type { InputCorrelationKind, Task, TaskData, TaskSpec } from './task.js';

/** Options of `buildTask` and `assembleTask`. */
export interface BuildTaskOptions {
  /** false: skip the SVD of Σ31 (the cheap mode for claims that need Σ31 and the teacher only). Default true. */
  readonly svd?: boolean;
}

/**
 * Draws a task (Appendix R1): Haar Ū, V̄ from stream `teacher`, X from `inputs`, Z from
 * `noise` (each a fork of `rng`, so changing one never shifts the others); builds Ŷ, Σ11, Σ31 and its SVD.
 * The one task builder of dlgen: `simulate`, `theory`, `compare`, the transfer pairs and the claims all draw through it.
 */
export function buildTask(spec: TaskSpec, rng: Rng, options: BuildTaskOptions & { readonly svd: false }): TaskData;
export function buildTask(spec: TaskSpec, rng: Rng): Task;
export function buildTask(spec: TaskSpec, rng: Rng, options: BuildTaskOptions = {}): Task | TaskData {
  return options.svd === false
    ? assembleTask(spec, drawTaskParts(spec, rng), { svd: false })
    : assembleTask(spec, drawTaskParts(spec, rng));
}

/** The random parts of a task, each from its own named stream of `rng` (Appendix R1). */
export function drawTaskParts(spec: TaskSpec, rng: Rng): TaskParts {
  const { inputDim: n1, outputDim: n3, examples: p, noiseStd } = spec;
  const rank = spec.teacherSingularValues.length;
  if (rank > Math.min(n1, n3)) throw new RangeError(`teacher rank ${rank} exceeds min(N1, N3) = ${Math.min(n1, n3)}`);
  const teacherRng = rng.fork('teacher');
  const uBar = haarColumns(n3, rank, teacherRng.fork('u'));
  const vBar = haarColumns(n1, rank, teacherRng.fork('v'));
  const { x, kind, scaleD } = drawInputs(spec, rng.fork('inputs'));
  const noise: Mat = { rows: n3, cols: p, data: normals(rng.fork('noise'), n3 * p, noiseStd / Math.sqrt(n1)) };
  return { uBar, vBar, x, noise, inputKind: kind, inputScale: scaleD };
}

/** The drawn parts of a task: teacher factors, inputs X (N1×P) with the known structure of XXᵀ, and noise Z (N3×P). */
export interface TaskParts {
  readonly uBar: Mat;
  readonly vBar: Mat;
  readonly x: Mat;
  readonly noise: Mat;
  readonly inputKind: InputCorrelationKind;
  /** D when XXᵀ = D·I ('scaled'), 1 otherwise. */
  readonly inputScale: number;
}

/** Builds W̄ = Ū diag(s̄) V̄ᵀ, Ŷ = W̄X + Z, Σ11 = XXᵀ, Σ31 = ŶXᵀ and the SVD of Σ31 from given parts (1.1)–(1.5). */
export function assembleTask(
  spec: TaskSpec,
  parts: TaskParts,
  options: BuildTaskOptions & { readonly svd: false },
): TaskData;
export function assembleTask(spec: TaskSpec, parts: TaskParts): Task;
export function assembleTask(spec: TaskSpec, parts: TaskParts, options: BuildTaskOptions = {}): Task | TaskData {
  const { uBar, vBar, x, noise, inputKind: kind, inputScale: scaleD } = parts;
  const n1 = spec.inputDim;
  const n3 = spec.outputDim;
  const p = spec.examples;
  if (x.rows !== n1 || x.cols !== p || noise.rows !== n3 || noise.cols !== p) {
    throw new RangeError(
      `assembleTask: X is ${x.rows}×${x.cols} and Z ${noise.rows}×${noise.cols}; expected ${n1}×${p} and ${n3}×${p}`,
    );
  }
  const sBar = Float64Array.from(spec.teacherSingularValues);
  const teacher = fromFactors(uBar, sBar, vBar);
  // One-hot X = I: W̄X = W̄ exactly, without the N1³ product.
  const y = spec.inputs === 'onehot' ? clone(teacher) : matmul(teacher, x);
  for (let i = 0; i < y.data.length; i++) y.data[i] += noise.data[i];

  const sigma11 =
    kind === 'identity'
      ? identity(n1)
      : kind === 'scaled'
        ? scale(identity(n1), scaleD)
        : matmul(x, x, { transB: true });
  const sigma31 = spec.inputs === 'onehot' ? { ...y, data: new Float64Array(y.data) } : matmul(y, x, { transB: true });
  let unfittableSq = 0;
  if (kind === 'scaled') {
    // Ŷ − Ŷ XᵀX / D: the residual orthogonal to the row space of X.
    const proj = gemmInto(zeros(n3, p), sigma31, x, { alpha: 1 / scaleD });
    unfittableSq = frobeniusDistSq(y, proj);
  }
  const data: TaskData = {
    spec,
    teacher,
    uBar,
    sBar,
    x,
    noise,
    y,
    vBar,
    sigma11Kind: kind,
    sigma11Scale: scaleD,
    sigma11,
    sigma31,
    teacherNormSq: frobeniusSq(teacher),
    targetNormSq: frobeniusSq(y),
    unfittableSq,
  };
  return options.svd === false ? data : { ...data, svd31: svd(sigma31) };
}

/** Inputs as §1 defines them for P = N1 and P ≠ N1. */
function drawInputs(spec: TaskSpec, rng: Rng): { x: Mat; kind: InputCorrelationKind; scaleD: number } {
  const { inputDim: n1, examples: p } = spec;
  switch (spec.inputs) {
    case 'onehot':
      if (p !== n1) throw new RangeError(`one-hot inputs need examples = inputDim, got P=${p}, N1=${n1}`);
      return { x: identity(n1), kind: 'identity', scaleD: 1 };
    case 'orthogonal':
      if (p <= n1) {
        // First P columns of a Haar N1×N1 matrix: XᵀX = I_P, Σ11 a projector (exactly I when P = N1).
        return { x: haarColumns(n1, p, rng), kind: p === n1 ? 'identity' : 'projector', scaleD: 1 };
      }
      {
        // First N1 rows of a Haar P×P matrix times √(P/N1): Σ11 = (P/N1)·I.
        const d = p / n1;
        return { x: scale(transpose(haarColumns(p, n1, rng)), Math.sqrt(d)), kind: 'scaled', scaleD: d };
      }
    case 'gaussian':
      return { x: { rows: n1, cols: p, data: normals(rng, n1 * p, 1 / Math.sqrt(n1)) }, kind: 'general', scaleD: 1 };
  }
}
