import { resolveFinetuneConfig } from '../finetune/config.js';
import { nearestInterpolant } from '../finetune/interpolant.js';
import { inputSpan, outOfSpan } from '../finetune/projection.js';
import { populationRisk } from '../finetune/risk.js';
import { runFinetune, type FinetuneRun } from '../finetune/run.js';
import type { Mat } from '../linalg/mat.js';

/** One point of a fine-tuning figure: white Σ, scalar output, a balanced pretrained net of depth N with hidden widths N1. */
export interface FtPointSpec {
  readonly inputDim: number;
  readonly examples: number;
  readonly depth: number;
  readonly sourceNorm: number;
  readonly targetScale: number;
  readonly targetAngle: number;
  readonly runs: number;
  readonly seed: number;
}

/** Per run: the GD risk, the risk of (A5) and of (A1) on the same arrays, α_N of (A5) and the GD map's out-of-span coefficient. */
export interface FtPoint {
  readonly gdRisk: number[];
  readonly theoryRisk: number[];
  readonly shallowRisk: number[];
  readonly alpha: number[];
  readonly gdAlpha: number[];
}

/** GD stops once ½‖y − WX‖² ≤ FT_STOP (absolute: the figures' maps have norms 0.25–4). */
export const FT_STOP = 1e-12;
/**
 * λ·N·(√N1 + √P)²·max(‖W_S‖, ‖W_T‖)^{2−2/N}: FT6's stiffness-scaled step, with (√N1 + √P)² bounding λ_max(XXᵀ)
 * for white Σ; stable (< 2), and its GD–(A5) gap is O(step) (FT6: ≤ 1e-2 relative at 0.03, linear in the step).
 */
export const FT_STEP = 0.2;

/**
 * Runs `dlgen finetune` (the product path: balanced pretraining, GD through the engine, (A5) on the same arrays) for
 * one figure point, with the step set from the stiffness as in FT6.
 */
export function ftPoint(p: FtPointSpec): FtPoint {
  const m = Math.max(p.sourceNorm, p.sourceNorm * p.targetScale);
  const top = (Math.sqrt(p.inputDim) + Math.sqrt(p.examples)) ** 2;
  const learningRate = FT_STEP / (p.depth * top * Math.pow(m, 2 - 2 / p.depth));
  const config = resolveFinetuneConfig({
    inputDim: p.inputDim,
    hiddenDims: Array<number>(p.depth - 1).fill(p.inputDim),
    targetExamples: p.examples,
    sourceNorm: p.sourceNorm,
    targetScale: p.targetScale,
    targetAngle: p.targetAngle,
    learningRate,
    epochs: 50_000_000,
    reportEvery: 250,
    stopLoss: FT_STOP,
    runs: p.runs,
    seed: p.seed,
  });
  const result = runFinetune(config);
  return {
    gdRisk: result.runs.map((r) => r.risk),
    theoryRisk: result.runs.map((r) => r.theoryRisk ?? NaN),
    shallowRisk: result.runs.map((r) => shallowRisk(r, p.inputDim, p.examples)),
    alpha: result.runs.map((r) => r.alpha ?? NaN),
    gdAlpha: result.runs.map((r) => outOfSpanCoefficient(r, p.inputDim, p.examples)),
  };
}

function mat(rows: number, cols: number, data: readonly number[]): Mat {
  return { rows, cols, data: Float64Array.from(data) };
}

/** The risk of (A1), the depth-1 end point, on the run's arrays. */
function shallowRisk(r: FinetuneRun, n1: number, p: number): number {
  const x = mat(n1, p, r.inputs);
  const w = nearestInterpolant(mat(1, n1, r.sourceMap), mat(1, p, r.targets), inputSpan(x));
  return populationRisk(w, mat(1, n1, r.targetMap), mat(n1, n1, r.covariance));
}

/** ⟨W(I − Π), W_S(I − Π)⟩ / ‖W_S(I − Π)‖²: the GD map's α (A4)–(A5). */
function outOfSpanCoefficient(r: FinetuneRun, n1: number, p: number): number {
  const span = inputSpan(mat(n1, p, r.inputs));
  const a = outOfSpan(mat(1, n1, r.fineTunedMap), span).data;
  const b = outOfSpan(mat(1, n1, r.sourceMap), span).data;
  let ab = 0;
  let bb = 0;
  for (let i = 0; i < n1; i++) {
    ab += a[i] * b[i];
    bb += b[i] * b[i];
  }
  return ab / bb;
}
