import { completeBasis } from '../linalg/completeBasis.js';
import { matmul } from '../linalg/gemm.js';
import { haarBlock, haarOrthogonal } from '../linalg/haar.js';
import { columns, eye, scale, type Mat } from '../linalg/mat.js';
import type { Rng } from '../random/rng.js';
import type { Task, TaskSpec } from '../task/task.js';
import type { Layers, StudentSpec } from './student.js';

/**
 * Initial layers (§2). `random`: each W^l is ε^(1/D_w) times the leading block of a Haar
 * matrix. `aligned` (training-aligned, (2.4)–(2.5) for any depth): W^l = e·B_l J B_{l−1}ᵀ
 * with B_0 = V̂, B_{D_w} = Û (from the SVD of Σ31, completed to full bases) and Haar B_l
 * between, so W(0) = ε Σ_{k<m} û_k v̂_kᵀ with m the narrowest width. Hidden units beyond m
 * get zero weight on one side, which keeps the decoupling (3.1) exact for any widths (the
 * authors pad with random output weights instead, which breaks it at O(ε), §2).
 */
export function initStudent(
  task: Pick<Task, 'svd31'> & { readonly spec: Pick<TaskSpec, 'inputDim' | 'outputDim'> },
  student: StudentSpec,
  rng: Rng,
): Layers {
  const n1 = task.spec.inputDim;
  const n3 = task.spec.outputDim;
  const widths = [n1, ...student.hiddenDims, n3];
  const depth = widths.length - 1;
  const e = Math.pow(student.initScale, 1 / depth);
  const layers: Layers = [];
  if (student.init === 'random') {
    for (let l = 0; l < depth; l++)
      layers.push(scale(haarBlock(widths[l + 1], widths[l], rng.fork(`layer${l + 1}`)), e));
    return layers;
  }
  // Bases: V̂ for the inputs, Haar rotations for hidden layers, Û for the outputs. Only the
  // columns that J can reach are needed, so the thin SVD is completed only when required.
  const inBasis = basisColumns(task.svd31.v, Math.min(n1, widths[1]));
  const outBasis = basisColumns(task.svd31.u, Math.min(n3, widths[depth - 1]));
  const hidden: Mat[] = student.hiddenDims.map((h, i) => haarOrthogonal(h, rng.fork(`rotation${i + 1}`)));
  for (let l = 0; l < depth; l++) {
    const rows = widths[l + 1];
    const cols = widths[l];
    // left = B_{l+1} restricted to the columns J touches; right = B_l likewise.
    const left = l === depth - 1 ? outBasis : hidden[l];
    const right = l === 0 ? inBasis : hidden[l - 1];
    const j = eye(left.cols, right.cols);
    const w = matmul(matmul(left, j), right, { transB: true });
    if (w.rows !== rows || w.cols !== cols)
      throw new Error(`internal: layer ${l + 1} is ${w.rows}×${w.cols}, expected ${rows}×${cols}`);
    layers.push(scale(w, e));
  }
  return layers;
}

/** The first `count` columns of an orthonormal basis extending `thin`'s columns. */
function basisColumns(thin: Mat, count: number): Mat {
  if (count <= thin.cols) return columns(thin, 0, count);
  return columns(completeBasis(thin), 0, count);
}
