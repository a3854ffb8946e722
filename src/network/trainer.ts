import { createWorkspace, type Workspace } from '../kernels/arena.js';
import { refOf, sumSq, type KernelOp } from '../kernels/ops.js';
import { runSegment, type Program } from '../kernels/program.js';
import type { WasmMemory } from '../kernels/wasmModule.js';
import type { Mat } from '../linalg/mat.js';
import type { InputCorrelationKind, Task, TaskSpec } from '../task/task.js';
import { DivergenceError, stableLearningRate } from './divergence.js';
import { createTeamChoice } from './teamChoice.js';
import type { Layers, StudentSpec, TrainingSpec } from './student.js';

/** Called at every recorded epoch with the current layers, end-to-end map W and E = Σ31 − WΣ11. */
export type Observer = (epoch: number, layers: Layers, w: Mat, e: Mat) => void;

/**
 * Helper threads that share the row blocks of each op of a program with the caller
 * (src/parallel/team.ts). `load` returns false when the workspace is not in the team's memory.
 */
export interface ProgramTeam {
  readonly size: number;
  load(program: Program, memory: WasmMemory | null): boolean;
  runSegment(count: number, withA: boolean): void;
}

/** The epoch grid and learning rate of a linear GD run. */
export type LinearTraining = Pick<TrainingSpec, 'learningRate' | 'epochs' | 'reportEvery'>;

/** Options of the fast linear GD integrator (`runGradientDescent`, `runPlannedGradientDescent`). */
export interface GradientDescentOptions {
  /** Share every epoch's products, in blocks of output rows, with this team (results are byte-identical). */
  readonly team?: ProgramTeam;
  /** 'js' forces the JavaScript twins of the kernels (bit-identical; for tests and benchmarks). */
  readonly kernels?: 'auto' | 'js';
  /** Called once per epoch with the epoch index (progress reporting). */
  readonly onEpoch?: (epoch: number) => void;
  /** Weight-matrix numbers (1-based, input side first) that keep their values. */
  readonly frozen?: readonly number[];
  /** ε of the initialisation, which sharpens the stable learning rate a divergence reports (default: the worst case). */
  readonly initScale?: number;
}

/** Everything `runGradientDescent` needs besides the task and the layers. */
export interface LinearGdRun extends GradientDescentOptions {
  readonly update: StudentSpec['update'];
  readonly training: LinearTraining;
  /** Called at epochs 0, r, 2r, … with the layers brought up to date. */
  readonly observe: Observer;
}

/** How often (in epochs) the loss is checked for divergence between recordings. */
const DIVERGENCE_CHECK_EVERY = 10;
/** Growth of ‖E‖² over its initial value that counts as divergence. */
const DIVERGENCE_GROWTH = 1e8;

/**
 * Full-batch gradient descent (2.2) in the Σ31 form. Per epoch: W = W^{D_w}⋯W^1, E = Σ31 − WΣ11
 * (no Σ11 product when Σ11 is I or D·I; (WX)Xᵀ instead of WΣ11 when 2P < N1), then each layer's
 * update in the chosen order. All matrices live in one kernel workspace allocated up front, so
 * the loop never allocates; the products run on the WebAssembly SIMD kernels (or their
 * bit-identical JavaScript twins). Calls `observe` at epochs 0, r, 2r, … ≤ epochs with `layers`
 * brought up to date. Mutates `layers`. Throws DivergenceError on a non-finite or exploding loss.
 * This is the full-coordinate path on the task itself; `runGradientDescentOn` runs the same loop on any (e.g. reduced) problem.
 */
export function runGradientDescent(task: Task, layers: Layers, run: LinearGdRun): void {
  runGradientDescentOn(task, task, layers, {
    ...run,
    record: (epoch, arenaLayers, w, e) => {
      copyLayers(arenaLayers, layers);
      run.observe(epoch, layers, w, e);
    },
  });
}

/**
 * The fast linear GD integrator on any EpochProblem: the task itself, or a transform of it such
 * as the input-subspace reduction (reducedDescent.ts). Plans the epoch, runs it, calls `record`
 * with the plan's layers, W and E (in the problem's coordinates) at epochs 0, r, 2r, …, and leaves
 * the final layers in `start`. `task` is the full task (for the divergence message).
 */
export function runGradientDescentOn(
  task: Task,
  problem: EpochProblem,
  start: Layers,
  run: Omit<LinearGdRun, 'observe'> & { readonly record: PlanObserver },
): void {
  const plan = planEpoch(problem, start, {
    sequential: run.update === 'sequential',
    lr: run.training.learningRate,
    js: run.kernels === 'js',
    frozen: run.frozen,
  });
  try {
    runPlannedGradientDescent(task, plan, run.training, run.record, run);
    copyLayers(plan.arenaLayers, start);
  } finally {
    plan.ws.release();
  }
}

/** Called at every recorded epoch with the plan's own layers, W and E (in the coordinates it was planned in). */
export type PlanObserver = (epoch: number, arenaLayers: readonly Mat[], w: Mat, e: Mat) => void;

/**
 * The epoch loop of GD on a planned epoch: runs `plan.program` for `training.epochs` epochs
 * (on `options.team` when it pays), checks the loss ‖E‖² for divergence every
 * DIVERGENCE_CHECK_EVERY epochs and calls `record` at epochs 0, r, 2r, …. Allocates nothing;
 * leaves the final layers in `plan.arenaLayers` (the caller releases the workspace). `task`
 * is the full task, used only to state a stable learning rate when training diverges.
 */
export function runPlannedGradientDescent(
  task: Task,
  plan: EpochPlan,
  training: Pick<TrainingSpec, 'learningRate' | 'epochs' | 'reportEvery'>,
  record: PlanObserver,
  options: Pick<GradientDescentOptions, 'team' | 'onEpoch' | 'initScale'> & {
    readonly update?: StudentSpec['update'];
  } = {},
): void {
  const depth = plan.arenaLayers.length;
  const lr = training.learningRate;
  const { ws, program, w, e, arenaLayers } = plan;
  const team =
    options.team && options.team.size > 1 && options.team.load(program, ws.memory) ? options.team : undefined;
  const pick = team ? createTeamChoice() : undefined;
  const segment = (count: number, withA: boolean) => {
    if (team && pick!.useTeam()) pick!.time(true, count, () => team.runSegment(count, withA));
    else if (pick) pick.time(false, count, () => runSegment(ws.heap, ws.kernels, program, count, withA));
    else runSegment(ws.heap, ws.kernels, program, count, withA);
  };
  const eRef = refOf(ws.heap, e);
  let e0 = -1;
  const lrStable = () => stableLearningRate(task, depth, { update: options.update, initScale: options.initScale });
  const every = training.reportEvery;
  let epoch = 0;
  segment(0, true);
  for (;;) {
    const recorded = epoch % every === 0;
    if (epoch % DIVERGENCE_CHECK_EVERY === 0 || recorded) {
      const s = sumSq(ws.heap, ws.kernels, eRef);
      if (e0 < 0) e0 = s;
      if (!Number.isFinite(s)) throw new DivergenceError(epoch, lr, lrStable(), 'the loss is not finite');
      if (s > DIVERGENCE_GROWTH * (e0 + 1e-300)) {
        throw new DivergenceError(epoch, lr, lrStable(), `‖Σ31 − WΣ11‖² grew ${(s / e0).toExponential(1)}-fold`);
      }
    }
    if (recorded) record(epoch, arenaLayers, w, e);
    if (epoch >= training.epochs) break;
    // Run to the next epoch the host must look at: a recording or a divergence check.
    const next = Math.min(
      training.epochs,
      (Math.floor(epoch / every) + 1) * every,
      (Math.floor(epoch / DIVERGENCE_CHECK_EVERY) + 1) * DIVERGENCE_CHECK_EVERY,
    );
    segment(next - epoch, false);
    if (options.onEpoch) for (let t = epoch; t < next; t++) options.onEpoch(t);
    epoch = next;
  }
}

function copyLayers(from: readonly Mat[], to: Layers): void {
  for (let l = 0; l < to.length; l++) to[l].data.set(from[l].data);
}

/**
 * What one epoch reads of a task: its sizes, Σ31 and the structure of Σ11. A Task is one; so
 * is a task seen through an input subspace (src/network/inputSubspace.ts), whose N1 is r.
 */
export interface EpochProblem {
  readonly spec: Pick<TaskSpec, 'inputDim' | 'outputDim'>;
  readonly sigma11Kind: InputCorrelationKind;
  readonly sigma11Scale: number;
  /** Σ31, N3×N1. */
  readonly sigma31: Mat;
  /** Σ11, N1×N1: read only for 'projector' and 'general' kinds. */
  readonly sigma11?: Mat;
  /** X, N1×P: read only for 'projector' and 'general' kinds. */
  readonly x?: Mat;
}

/** Options of `planEpoch`. */
export interface PlanOptions {
  readonly sequential: boolean;
  readonly lr: number;
  /** Force the JavaScript twins of the kernels. */
  readonly js?: boolean;
  /** Further matrices to allocate in the same workspace (returned as `extra`). */
  readonly extra?: ReadonlyArray<readonly [number, number]>;
  /** Weight-matrix numbers (1-based) whose update program.b leaves out. */
  readonly frozen?: readonly number[];
}

/** The workspace and kernel program of one GD epoch (shared with the gradient-flow integrator). */
export interface EpochPlan {
  readonly ws: Workspace;
  readonly program: Program;
  /** The layers' working copies inside the workspace. */
  readonly arenaLayers: Mat[];
  /** W after program.a. */
  readonly w: Mat;
  /** E = Σ31 − WΣ11 after program.a. */
  readonly e: Mat;
  /** All layers as one contiguous 1×n vector (arenaLayers are views into it). */
  readonly layersVec: Mat;
  /** Simultaneous plans: the gradient ops of program.b (without the updates), and their output. */
  readonly gradOps: readonly KernelOp[];
  readonly gradsVec: Mat | undefined;
  /** The `extra` matrices asked for. */
  readonly extra: Mat[];
}

/**
 * Lays out every matrix of one epoch in a workspace (layers copied in) and writes the epoch
 * as kernel ops: program.a computes W and E from the current layers, program.b applies (2.2).
 */
export function planEpoch(task: EpochProblem, layers: Layers, opts: PlanOptions): EpochPlan {
  const { sequential, lr, js = false, extra = [] } = opts;
  const frozen = new Set(opts.frozen ?? []);
  const depth = layers.length;
  const n1 = task.spec.inputDim;
  const n3 = task.spec.outputDim;
  const widths = [n1, ...layers.map((l) => l.rows)];
  const kind = task.sigma11Kind;
  const p = task.x ? task.x.cols : n1;
  const viaX = (kind === 'projector' || kind === 'general') && 2 * p < n1;
  if (layers[0].cols !== n1)
    throw new RangeError(`planEpoch: the first layer has ${layers[0].cols} columns, the task ${n1} inputs`);

  const shapes: [number, number][] = [];
  const slot = (r: number, c: number) => shapes.push([r, c]) - 1;
  const total = layers.reduce((n, l) => n + l.rows * l.cols, 0);
  const iLayers = slot(1, total);
  const iPrefix: number[] = [];
  for (let l = 2; l <= depth; l++) iPrefix[l] = slot(widths[l], n1);
  const iSuffix: number[] = [];
  for (let l = 0; l <= depth - 3; l++) iSuffix[l] = slot(n3, widths[l + 1]);
  // The sequential update computes W^l⋯W^1 of the new layers (l < D_w) before updating layer l+1:
  // the very products program.a starts with. They are written to the prefix slots, and after
  // program.b only the rest of program.a (W and E) runs: same operands, same kernel, same bits.
  const iNewPrefix = iPrefix;
  const iE = slot(n3, n1);
  const iS31 = slot(n3, n1);
  const iMid: number[] = [];
  for (let l = 1; l <= depth - 2; l++) iMid[l] = slot(widths[l + 1], n1);
  const iGrads = sequential ? -1 : slot(1, total);
  const general = kind === 'projector' || kind === 'general';
  const iWS = general ? slot(n3, n1) : -1;
  const iS11 = general && !viaX ? slot(n1, n1) : -1;
  const iX = viaX ? slot(n1, p) : -1;
  const iWX = viaX ? slot(n3, p) : -1;

  const iExtra = extra.map(([r, c]) => slot(r, c));

  const ws = createWorkspace(shapes, js);
  const m = ws.mats;
  const ref = (i: number) => refOf(ws.heap, m[i]);
  const arenaLayers = views(m[iLayers], layers);
  const grads = iGrads >= 0 ? views(m[iGrads], layers) : [];
  arenaLayers.forEach((l, i) => l.data.set(layers[i].data));
  m[iS31].data.set(task.sigma31.data);
  if (iS11 >= 0) m[iS11].data.set(required(task.sigma11, 'Σ11').data);
  if (iX >= 0) m[iX].data.set(required(task.x, 'X').data);

  const L = (l: number) => refOf(ws.heap, arenaLayers[l]);
  const prefix = (l: number) => (l === 1 ? L(0) : ref(iPrefix[l]));
  const suffix = (l: number) => (l === depth - 2 ? L(depth - 1) : ref(iSuffix[l]));
  const gemm = (
    c: ReturnType<typeof ref>,
    a: ReturnType<typeof ref>,
    b: ReturnType<typeof ref>,
    transA: boolean,
    transB: boolean,
    alpha = 1,
    beta = 0,
  ): KernelOp => ({
    kind: 'gemm',
    c,
    a,
    b,
    transA,
    transB,
    alpha,
    beta,
  });
  const eRef = ref(iE);
  const wRef = prefix(depth);

  // program.a: W, then E = Σ31 − WΣ11.
  const a: KernelOp[] = [];
  for (let l = 2; l <= depth; l++) a.push(gemm(prefix(l), L(l - 1), prefix(l - 1), false, false));
  if (viaX) {
    a.push(gemm(ref(iWX), wRef, ref(iX), false, false));
    a.push(gemm(ref(iWS), ref(iWX), ref(iX), false, true));
    a.push({ kind: 'sub', out: eRef, s: ref(iS31), w: ref(iWS), d: 1 });
  } else if (general) {
    a.push(gemm(ref(iWS), wRef, ref(iS11), false, false));
    a.push({ kind: 'sub', out: eRef, s: ref(iS31), w: ref(iWS), d: 1 });
  } else {
    a.push({ kind: 'sub', out: eRef, s: ref(iS31), w: wRef, d: task.sigma11Scale });
  }

  // program.b: suffix products W^{D_w}⋯W^{l+2}, then each layer's gradient upperᵀ·E·lowerᵀ.
  const b: KernelOp[] = [];
  for (let l = depth - 3; l >= 0; l--) b.push(gemm(ref(iSuffix[l]), suffix(l + 1), L(l + 1), false, false));
  const gradient = (
    l: number,
    target: ReturnType<typeof ref>,
    alpha: number,
    beta: number,
    lower: ReturnType<typeof ref> | undefined,
  ) => {
    const upper = l < depth - 1 ? suffix(l) : undefined;
    if (!upper && !lower) {
      if (beta === 0) throw new Error('internal: single-layer simultaneous update goes through axpy');
      b.push({ kind: 'axpy', y: target, x: eRef, alpha });
    } else if (!lower) {
      b.push(gemm(target, upper!, eRef, true, false, alpha, beta));
    } else if (!upper) {
      b.push(gemm(target, eRef, lower, false, true, alpha, beta));
    } else {
      const mid = ref(iMid[l]);
      b.push(gemm(mid, upper, eRef, true, false));
      b.push(gemm(target, mid, lower, false, true, alpha, beta));
    }
  };
  let gradOps: KernelOp[] = [];
  if (sequential) {
    for (let l = 0; l < depth; l++) {
      if (l >= 2) b.push(gemm(ref(iNewPrefix[l]), L(l - 1), l === 2 ? L(0) : ref(iNewPrefix[l - 1]), false, false));
      const lower = l === 0 ? undefined : l === 1 ? L(0) : ref(iNewPrefix[l]);
      if (!frozen.has(l + 1)) gradient(l, L(l), lr, 1, lower);
    }
  } else if (depth === 1) {
    gradOps = [{ kind: 'sub', out: refOf(ws.heap, grads[0]), s: eRef, w: eRef, d: 0 }];
    if (!frozen.has(1)) b.push({ kind: 'axpy', y: L(0), x: eRef, alpha: lr });
  } else {
    for (let l = 0; l < depth; l++) gradient(l, refOf(ws.heap, grads[l]), 1, 0, l === 0 ? undefined : prefix(l));
    gradOps = b.slice();
    if (frozen.size === 0) b.push({ kind: 'axpy', y: ref(iLayers), x: ref(iGrads), alpha: lr });
    else
      for (let l = 0; l < depth; l++)
        if (!frozen.has(l + 1)) b.push({ kind: 'axpy', y: L(l), x: refOf(ws.heap, grads[l]), alpha: lr });
  }

  const program = sequential && depth >= 3 ? { a, b, after: a.slice(depth - 2) } : { a, b };
  return {
    ws,
    program,
    arenaLayers,
    w: depth === 1 ? arenaLayers[0] : m[iPrefix[depth]],
    e: m[iE],
    layersVec: m[iLayers],
    gradOps,
    gradsVec: iGrads >= 0 ? m[iGrads] : undefined,
    extra: iExtra.map((i) => m[i]),
  };
}

function required(m: Mat | undefined, what: string): Mat {
  if (!m) throw new RangeError(`planEpoch: a ${what} product is planned but the task has no ${what}`);
  return m;
}

/** Views of `vec` shaped like `layers`, laid end to end. */
function views(vec: Mat, layers: Layers): Mat[] {
  let off = 0;
  return layers.map((l) => {
    const n = l.rows * l.cols;
    const v = { rows: l.rows, cols: l.cols, data: vec.data.subarray(off, off + n) };
    off += n;
    return v;
  });
}
