import { haarColumns } from '../linalg/haar.js';
import { matmul } from '../linalg/gemm.js';
import { identity, rowsOf, scale, transpose, zeros, type Mat } from '../linalg/mat.js';
import { frobeniusSq } from '../linalg/norms.js';
import { normals, type Rng } from '../random/rng.js';
import { assembleTask } from '../task/buildTask.js';
import type { InputCorrelationKind, Task, TaskSpec } from '../task/task.js';
import { jointModes, similarityMatrix, type JointModes } from './jointModes.js';

/** What defines a task pair (§8.1): shared inputs, two output blocks, spectra, alignments and noise. */
export interface TaskPairSpec {
  /** N1 */
  readonly inputDim: number;
  /** N3^A */
  readonly outputDimA: number;
  /** N3^B */
  readonly outputDimB: number;
  /** P; one-hot inputs when P = N1, Haar orthonormal otherwise (§1). */
  readonly examples: number;
  readonly singularValuesA: readonly number[];
  readonly singularValuesB: readonly number[];
  /** q_i = v̄_{A,i}·v̄_{B,i}, one per mode pair i < min(r_A, r_B). */
  readonly alignments: readonly number[];
  /** σ_z, noise entries N(0, σ_z²/N1) (§0.3). */
  readonly noiseStd: number;
}

/** The drawn parts of a pair; the alignments enter only through how V̄_B is built from `basis`. */
export interface TaskPairParts {
  /** Ū_A, N3^A × r_A orthonormal columns. */
  readonly uBarA: Mat;
  /** Ū_B, N3^B × r_B orthonormal columns. */
  readonly uBarB: Mat;
  /** N1 × (r_A + r_B) orthonormal columns r_1, r_2, …: V̄_A = (r_1 … r_{r_A}), V̄_B mixes the rest in (§8.1). */
  readonly basis: Mat;
  /** X, N1 × P. */
  readonly x: Mat;
  /** The joint noise Z, (N3^A + N3^B) × P; A's rows first. */
  readonly noise: Mat;
  readonly inputKind: InputCorrelationKind;
  /** D when XXᵀ = D·I, 1 otherwise. */
  readonly inputScale: number;
}

/** A task pair: the two tasks alone and the joint task, built from one draw (one noise matrix). */
export interface TaskPair {
  readonly spec: TaskPairSpec;
  readonly parts: TaskPairParts;
  readonly vBarA: Mat;
  readonly vBarB: Mat;
  /** Q = V̄_Aᵀ V̄_B (§8.2). */
  readonly similarity: Mat;
  /** Task A alone: W̄_A, data Ŷ_A = W̄_A X + Z_A (the first N3^A rows of the joint noise). */
  readonly a: Task;
  /** Task B alone: the last N3^B rows. */
  readonly b: Task;
  /**
   * The joint task [W̄_A; W̄_B] with its exact SVD (8.1) as (Ū, s̄, V̄): Ū = blockdiag(Ū_A, Ū_B)·U_L,
   * V̄ = basis·V_L. Its teacher equals the stacked blocks to rounding; errors on A compare with `a.teacher`.
   */
  readonly joint: Task;
  readonly modes: JointModes;
}

/** Validates a pair spec, naming the field and its allowed range. */
function checkSpec(s: TaskPairSpec): void {
  const int = (v: number, name: string) => {
    if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`${name} must be an integer ≥ 1, got ${v}`);
  };
  int(s.inputDim, 'inputDim');
  int(s.outputDimA, 'outputDimA');
  int(s.outputDimB, 'outputDimB');
  int(s.examples, 'examples');
  const rA = s.singularValuesA.length;
  const rB = s.singularValuesB.length;
  if (rA > s.outputDimA) throw new RangeError(`singularValuesA: rank ${rA} exceeds outputDimA = ${s.outputDimA}`);
  if (rB > s.outputDimB) throw new RangeError(`singularValuesB: rank ${rB} exceeds outputDimB = ${s.outputDimB}`);
  if (rA + rB > s.inputDim)
    throw new RangeError(
      `rank A + rank B = ${rA + rB} exceeds inputDim = ${s.inputDim} (§8.1 needs orthonormal features)`,
    );
  if (!(Number.isFinite(s.noiseStd) && s.noiseStd >= 0))
    throw new RangeError(`noiseStd must be a finite number ≥ 0, got ${s.noiseStd}`);
}

/**
 * Draws a pair (§8.1, Appendix R7): Ū_A, Ū_B and the feature basis from stream `teacher`, X from
 * `inputs`, the joint noise from `noise` (so the same seed gives the same draws at every q).
 */
export function drawTaskPair(spec: TaskPairSpec, rng: Rng): TaskPair {
  return assembleTaskPair(spec, drawTaskPairParts(spec, rng));
}

/** The random parts of a pair, drawn as `drawTaskPair` draws them (§8.1). */
export function drawTaskPairParts(spec: TaskPairSpec, rng: Rng): TaskPairParts {
  checkSpec(spec);
  const rA = spec.singularValuesA.length;
  const rB = spec.singularValuesB.length;
  const teacher = rng.fork('teacher');
  const uBarA = haarColumns(spec.outputDimA, rA, teacher.fork('uA'));
  const uBarB = haarColumns(spec.outputDimB, rB, teacher.fork('uB'));
  const basis = haarColumns(spec.inputDim, rA + rB, teacher.fork('v'));
  const inputs = pairInputs(spec.inputDim, spec.examples, rng.fork('inputs'));
  const n3 = spec.outputDimA + spec.outputDimB;
  const noise: Mat = {
    rows: n3,
    cols: spec.examples,
    data: normals(rng.fork('noise'), n3 * spec.examples, spec.noiseStd / Math.sqrt(spec.inputDim)),
  };
  return { uBarA, uBarB, basis, noise, ...inputs };
}

/** X for a pair: one-hot (X = I) when P = N1 as in the paper, Haar orthonormal columns/rows otherwise (§1). */
export function pairInputs(
  n1: number,
  p: number,
  rng: Rng,
): { x: Mat; inputKind: InputCorrelationKind; inputScale: number } {
  if (p === n1) return { x: identity(n1), inputKind: 'identity', inputScale: 1 };
  if (p < n1) return { x: haarColumns(n1, p, rng), inputKind: 'projector', inputScale: 1 };
  const d = p / n1;
  return { x: scale(transpose(haarColumns(p, n1, rng)), Math.sqrt(d)), inputKind: 'scaled', inputScale: d };
}

/**
 * V̄_A = (r_1 … r_{r_A}); V̄_B's j-th column q_j r_j + √(1 − q_j²) r_{r_A+j} for a paired mode,
 * r_{r_A+j} otherwise, so V̄_Aᵀ V̄_B = diag(q) exactly and both have orthonormal columns (§8.1, §12 D11).
 */
export function inputFeatures(
  basis: Mat,
  rA: number,
  rB: number,
  alignments: readonly number[],
): { vBarA: Mat; vBarB: Mat } {
  if (basis.cols !== rA + rB)
    throw new RangeError(`inputFeatures: basis has ${basis.cols} columns, need r_A + r_B = ${rA + rB}`);
  const n1 = basis.rows;
  const vBarA = zeros(n1, rA);
  const vBarB = zeros(n1, rB);
  const b = basis.data;
  const w = basis.cols;
  for (let n = 0; n < n1; n++) {
    for (let i = 0; i < rA; i++) vBarA.data[n * rA + i] = b[n * w + i];
    for (let j = 0; j < rB; j++) {
      if (j < alignments.length) {
        const q = alignments[j];
        vBarB.data[n * rB + j] = q * b[n * w + j] + Math.sqrt(Math.max(0, 1 - q * q)) * b[n * w + rA + j];
      } else {
        vBarB.data[n * rB + j] = b[n * w + rA + j];
      }
    }
  }
  return { vBarA, vBarB };
}

/** Builds the two tasks alone and the joint task with its exact SVD (8.1) from given parts, §8.1–§8.2. */
export function assembleTaskPair(spec: TaskPairSpec, parts: TaskPairParts): TaskPair {
  checkSpec(spec);
  const rA = spec.singularValuesA.length;
  const rB = spec.singularValuesB.length;
  const n3a = spec.outputDimA;
  const n3 = n3a + spec.outputDimB;
  const { vBarA, vBarB } = inputFeatures(parts.basis, rA, rB, spec.alignments);
  // One-hot X = I makes Σ31 = Ŷ exactly; any other X is used as given (orthonormal by the caller's construction).
  const inputs: TaskSpec['inputs'] = isIdentity(parts.x) ? 'onehot' : 'orthogonal';
  const common = { inputDim: spec.inputDim, examples: spec.examples, noiseStd: spec.noiseStd, inputs };
  const inputParts = { x: parts.x, inputKind: parts.inputKind, inputScale: parts.inputScale };
  const a = assembleTask(
    { ...common, outputDim: n3a, teacherSingularValues: spec.singularValuesA },
    { uBar: parts.uBarA, vBar: vBarA, noise: rowsOf(parts.noise, 0, n3a), ...inputParts },
  );
  const b = assembleTask(
    { ...common, outputDim: spec.outputDimB, teacherSingularValues: spec.singularValuesB },
    { uBar: parts.uBarB, vBar: vBarB, noise: rowsOf(parts.noise, n3a, n3), ...inputParts },
  );
  const modes = jointModes(spec.singularValuesA, spec.singularValuesB, spec.alignments);
  // Ū = blockdiag(Ū_A, Ū_B)·U_L, V̄ = basis·V_L: the exact SVD of [W̄_A; W̄_B] (8.1).
  const blocks = zeros(n3, rA + rB);
  for (let i = 0; i < n3a; i++)
    for (let k = 0; k < rA; k++) blocks.data[i * (rA + rB) + k] = parts.uBarA.data[i * rA + k];
  for (let i = 0; i < spec.outputDimB; i++) {
    for (let k = 0; k < rB; k++) blocks.data[(n3a + i) * (rA + rB) + rA + k] = parts.uBarB.data[i * rB + k];
  }
  const joint = assembleTask(
    { ...common, outputDim: n3, teacherSingularValues: modes.singularValues },
    {
      uBar: matmul(blocks, modes.factors.u),
      vBar: matmul(parts.basis, modes.factors.v),
      noise: parts.noise,
      ...inputParts,
    },
  );
  return { spec, parts, vBarA, vBarB, similarity: similarityMatrix(vBarA, vBarB), a, b, joint, modes };
}

/** ‖W_rows − W̄_block‖²/‖W̄_block‖² for the A rows and the B rows of a joint map (8.3 `t1_jcl`, `t2_jcl`), §8.3. */
export function blockErrors(pair: TaskPair, w: Mat): { a: number; b: number } {
  const n3a = pair.spec.outputDimA;
  const split = n3a * w.cols;
  const ta = pair.a.teacher.data;
  const tb = pair.b.teacher.data;
  const wd = w.data;
  let ea = 0;
  for (let i = 0; i < split; i++) {
    const d = wd[i] - ta[i];
    ea += d * d;
  }
  let eb = 0;
  for (let i = split; i < wd.length; i++) {
    const d = wd[i] - tb[i - split];
    eb += d * d;
  }
  return { a: ea / pair.a.teacherNormSq, b: eb / pair.b.teacherNormSq };
}

/** ‖W̄_A‖² + ‖W̄_B‖² = ‖W̄‖², the joint normaliser of `norm_loss` and `symm_ben` (§8.3). */
export function jointTeacherNormSq(pair: TaskPair): number {
  return frobeniusSq(pair.a.teacher) + frobeniusSq(pair.b.teacher);
}

function isIdentity(x: Mat): boolean {
  if (x.rows !== x.cols) return false;
  for (let i = 0; i < x.rows; i++)
    for (let j = 0; j < x.cols; j++) if (x.data[i * x.cols + j] !== (i === j ? 1 : 0)) return false;
  return true;
}
