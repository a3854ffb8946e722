import { matmul } from '../linalg/gemm.js';
import type { Mat } from '../linalg/mat.js';
import { frobenius, frobeniusDistSq } from '../linalg/norms.js';
import { linearisedStart, type LinearisedStartSpec } from '../multitask/linearisedStart.js';
import { oneHot } from '../multitask/protocol.js';
import { linearisedProblem } from '../multitask/theory.js';
import type { ModelSpec } from '../network/model.js';
import { endToEnd } from '../network/product.js';
import { trainModel } from '../network/trainModel.js';
import { createRng } from '../random/rng.js';
import { simulationRow, theoryRow, unitSeed } from './common.js';
import type { FigureDef, FigureRow, FigureSize, UnitOptions, UnitResult } from './types.js';

/** MT2's calibrated bound on the relative gap while m ≤ 1 (MULTITASK.md §5): 0.1 m². */
const BOUND = 0.1;

/** One trajectory of the figure: an argmax task with C classes and a deep linear softmax student at small init. */
export interface LinearisedSpec extends Omit<LinearisedStartSpec, 'rank' | 'scale'> {
  readonly learningRate: number;
  readonly steps: number;
  readonly seed: number;
}

/** Per recorded step: ‖W^CE(t)‖, ‖W^lin(t)‖ (end-to-end maps), their relative gap, and m (running maximum |logit| of the CE run). */
export interface LinearisedTrajectory {
  readonly epochs: number[];
  readonly ceNorm: number[];
  readonly linNorm: number[];
  readonly gap: number[];
  readonly m: number[];
}

/**
 * MULTITASK.md §3.2 in time: full-batch GD on mean cross-entropy from a small init with a centred head
 * (𝟙ᵀW^{D_w} = 0), and GD on the quadratic problem (1/2P)‖Z − T‖², T = C(Y − 𝟙𝟙ᵀ/C), at rate λ/C from
 * the same weights, both through the training engine; rank r = min(C, ⌊d/2⌋), s = 3, σ = 1/√d.
 */
export function linearisedTrajectory(spec: LinearisedSpec): LinearisedTrajectory {
  const rng = createRng(spec.seed);
  const { x, labels, base, layers } = linearisedStart(
    { ...spec, rank: Math.min(spec.classes, Math.floor(spec.inputDim / 2)), scale: 3 },
    rng,
  );
  const init = { layers };
  const given = { kind: 'given' as const, weights: layers };
  const ce: ModelSpec = { ...base, heads: [{ outputDim: spec.classes, output: 'softmaxCrossEntropy' }], init: given };
  const out: LinearisedTrajectory = { epochs: [], ceNorm: [], linNorm: [], gap: [], m: [] };
  const ceMaps: Mat[] = [];
  let running = 0;
  const common = { integrator: 'gd' as const, epochs: spec.steps, reportEvery: 1, reduction: 'mean' as const };
  trainModel(
    ce,
    [{ x, y: oneHot(labels, spec.classes) }],
    {
      ...common,
      learningRate: spec.learningRate,
      sink: ({ weights }) => {
        const w = endToEnd(weights.layers);
        for (const v of matmul(w, x).data) running = Math.max(running, Math.abs(v));
        ceMaps.push(w);
        out.m.push(running);
      },
    },
    init,
  );
  const lin = linearisedProblem(labels, spec.classes, spec.learningRate);
  trainModel(
    { ...base, init: given },
    [{ x, y: lin.targets }],
    {
      ...common,
      learningRate: lin.learningRate,
      sink: ({ epoch, weights }) => {
        const w = endToEnd(weights.layers);
        out.epochs.push(epoch);
        out.ceNorm.push(frobenius(ceMaps[epoch]));
        out.linNorm.push(frobenius(w));
        out.gap.push(Math.sqrt(frobeniusDistSq(ceMaps[epoch], w)) / frobenius(w));
      },
    },
    init,
  );
  return out;
}

/** Sizes: paper d = 40, P = 400, 1500 steps; quick d = 10, P = 60, 200 steps. Classes C ∈ {3, 5, 10}; λ = 0.2, ε = 1e-3. */
export function mtLinearisedSizes(size: FigureSize) {
  return size === 'paper'
    ? { inputDim: 40, examples: 400, steps: 1500, classes: [3, 5, 10] }
    : { inputDim: 10, examples: 60, steps: 200, classes: [3, 5, 10] };
}
const LEARNING_RATE = 0.2;
const INIT_SCALE = 1e-3;

async function linearisedRun(o: UnitOptions): Promise<UnitResult> {
  const s = mtLinearisedSizes(o.size);
  const seed = unitSeed(o.seed, 'MT-linear/all');
  const rows: FigureRow[] = [];
  let worst = 0;
  let skipped = 0;
  let top = 0;
  for (const [k, classes] of s.classes.entries()) {
    const t = linearisedTrajectory({
      inputDim: s.inputDim,
      classes,
      examples: s.examples,
      hidden: [classes + 2],
      initScale: INIT_SCALE,
      learningRate: LEARNING_RATE,
      steps: s.steps,
      seed: seed + k,
    });
    const every = Math.max(1, Math.floor(s.steps / 100));
    t.epochs.forEach((epoch, i) => {
      if (i % every === 0 || i === t.epochs.length - 1) {
        rows.push(simulationRow('A', `cross-entropy GD, C = ${classes}`, epoch, [t.ceNorm[i]]));
        rows.push(theoryRow('A', `linearised (T, λ/C), C = ${classes}`, epoch, t.linNorm[i]));
      }
      if (t.m[i] > 1) return;
      top = Math.max(top, t.m[i] * t.m[i]);
      if (t.gap[i] > 0 && t.m[i] > 0) {
        rows.push(simulationRow('B', `gap, C = ${classes}`, t.m[i] * t.m[i], [t.gap[i]]));
        worst = Math.max(worst, t.gap[i] / (t.m[i] * t.m[i]));
      } else skipped++;
    });
    o.onProgress?.(k + 1, s.classes.length);
  }
  const low = Math.min(...rows.filter((r) => r.panel === 'B').map((r) => r.x));
  for (const x of [low, top]) rows.push(theoryRow('B', 'MT2 bound 0.1 m²', x, BOUND * x));
  return {
    rows,
    notes: [
      `Deep linear softmax students (one hidden layer of C + 2), d = ${s.inputDim}, P = ${s.examples}, rank-min(C, d/2) argmax teachers with s = 3 and σ = 1/√d, ε = ${INIT_SCALE}, λ = ${LEARNING_RATE}, ${s.steps} full-batch GD steps. Panel A: ‖W^CE(t)‖ (points) and ‖W^lin(t)‖ (lines); panel B: ‖W^CE − W^lin‖/‖W^lin‖ while m ≤ 1, largest ratio to m² ${worst.toPrecision(3)} (MT2's bound 0.1).`,
      ...(skipped > 0 ? [`${skipped} step(s) with a zero gap or m = 0 (epoch 0) cannot be shown on log axes.`] : []),
    ],
    engine: 'trainModel reference GD (cross-entropy and the quadratic problem on the same initial weights)',
  };
}

/** MT-linear — the linearised phase (MT2): CE-trained and linearised end-to-end maps over time, and their gap against m². */
export const MT_LINEARISED: FigureDef = {
  name: 'MT-linear',
  title: 'The linearised phase of cross-entropy GD (MULTITASK.md §3.2, MT2)',
  columns: 2,
  panels: [
    {
      letter: 'A',
      title: 'end-to-end maps over time',
      xTitle: 'GD step t',
      yTitle: '‖W(t)‖_F',
      yLog: true,
      series: { theory: 3, simulation: 3, data: 0 },
    },
    {
      letter: 'B',
      title: 'relative gap against m² (m ≤ 1)',
      xTitle: 'm² (m: running maximum |logit|)',
      yTitle: '‖W^CE − W^lin‖ / ‖W^lin‖',
      xLog: true,
      yLog: true,
      dashed: ['MT2 bound 0.1 m²'],
      series: { theory: 1, simulation: 3, data: 0 },
    },
  ],
  units: [
    {
      id: 'MT-linear/all',
      panels: ['A', 'B'],
      params: (size) => ({
        sizes: mtLinearisedSizes(size),
        learningRate: LEARNING_RATE,
        initScale: INIT_SCALE,
        bound: BOUND,
      }),
      run: linearisedRun,
    },
  ],
};
