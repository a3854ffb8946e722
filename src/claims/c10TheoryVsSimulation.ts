import fc from 'fast-check';
import { arbDims } from '../arbitraries/dims.js';
import { arbFraction, arbLogUniform, arbSeed, arbUniform, fractionToInt } from '../arbitraries/primitives.js';
import { spectrumFromFractions, thresholdRatio } from '../arbitraries/thresholdSpectrum.js';
import type { UpdateOrder } from '../config/simulationConfig.js';
import { halfTime } from '../dynamics/modeStrength.js';
import { clone, type Mat } from '../linalg/mat.js';
import { gdStepReference } from '../network/gdStepReference.js';
import { initStudent } from '../network/init.js';
import type { RunRecord, StudentSpec, TrainingSpec } from '../network/student.js';
import { trainStudent } from '../network/train.js';
import { createRng, type Rng } from '../random/rng.js';
import { mpEdges } from '../rmt/marchenkoPastur.js';
import type { Task } from '../task/task.js';
import { buildAsymptoticModel, type AsymptoticModel, type TheorySpec } from '../theory/asymptoticModel.js';
import { checkC10a, checkC10b, learningTimeScale, type CurveSet } from '../theory/checks/c10TheoryVsSimulation.js';
import { buildSemiAnalyticModel, semiAnalyticCurves } from '../theory/semiAnalytic.js';
import { theoryCurves } from '../theory/theoryCurves.js';
import { theoryPoint } from '../theory/theoryErrors.js';
import { epochGrid } from '../config/simulationConfig.js';
import type { Claim, Scale } from './claim.js';
import { worstClaimOutcome } from './support/theoryOutcome.js';
import { trainWithStep, type EpochStep } from './support/steppedTraining.js';
import { oneHotTask, orthogonalTask } from './support/tasks.js';
import { theorySpecAt } from './support/theoryModel.js';

// ───────────────────────────── C10(a): GD vs the semi-analytic prediction ─────────────────────────────

/** A C10(a) instance: a task (any P, N3 ≷ N1), a training-aligned student of depth 2–4 and a GD run, drawn from `seed`. */
export interface C10aSpec {
  readonly inputDim: number;
  readonly outputDim: number;
  /** P: = N1 (Σ11 = I), < N1 (projector) or > N1 (Σ11 = D·I), orthogonal inputs. */
  readonly examples: number;
  readonly hiddenDims: readonly number[];
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
  readonly initScale: number;
  /** λ = lrFactor · 0.05 / λ_eff-unit: the top mode's per-step stiffness λ c (D_w/2) S^{2−2/D_w} is 0.05·lrFactor. */
  readonly lrFactor: number;
  /** The run lasts horizonFactor ∈ [1.5, 8] half-times of the top mode (capped by the scale's epoch limit). */
  readonly horizonFactor: number;
  /** Epoch cap (GD cost): 2000 at CI scale, 20000 thorough. */
  readonly maxEpochs: number;
  readonly update: UpdateOrder;
  readonly seed: number;
}

/** What C10(a) exercises: a GD trainer returning the records (errors and diag(ÛᵀWV̂)) at the recorded epochs. */
export interface C10aImpl {
  train(task: Task, student: StudentSpec, training: TrainingSpec, rng: Rng): RunRecord;
}

/** Epoch cap of a C10(a) run per scale (GD cost). */
const C10A_MAX_EPOCHS = { ci: 2000, thorough: 20000 };

function c10aArbitrary(scale: Scale): fc.Arbitrary<C10aSpec> {
  const maxDim = scale === 'ci' ? 12 : 40;
  return fc
    .record({
      n3: fc.integer({ min: 2, max: maxDim }),
      n1: fc.integer({ min: 2, max: maxDim + 4 }),
      // 0: P = N1; 1: P < N1; 2: P > N1 (D ∈ [1.5, 3]).
      regime: fc.constantFrom(0, 1, 2),
      examplesFraction: arbFraction(),
      depth: fc.integer({ min: 2, max: 4 }),
      widths: fc.array(arbFraction(), { minLength: 3, maxLength: 3 }),
      // One draw in three has square layers: N1 = N2 = N3 for D_w = 2, equal hidden widths when deeper.
      square: fc.constantFrom(false, false, true),
      rank: fc.integer({ min: 1, max: 3 }),
      spectrum: fc.array(arbUniform(0.5, 8), { minLength: 3, maxLength: 3 }),
      noiseStd: arbUniform(0.2, 2),
      initScale: arbLogUniform(1e-5, 1e-2),
      lrFactor: arbUniform(0.1, 1),
      horizonFactor: arbUniform(1.5, 8),
      update: fc.constantFrom<UpdateOrder>('sequential', 'simultaneous'),
      seed: arbSeed(),
    })
    .map((d) => {
      const n3 = d.n3;
      const n1 = d.square && d.depth === 2 ? n3 : d.n1;
      const examples = d.regime === 0 ? n1 : d.regime === 1 ? fractionToInt(d.examplesFraction, 1, n1 - 1) : fractionToInt(d.examplesFraction, Math.ceil(1.5 * n1), 3 * n1);
      const rank = Math.min(d.rank, n1, n3);
      const widths = d.widths.slice(0, d.depth - 1).map((f) => fractionToInt(f, 1, Math.max(n1, n3)));
      return {
        inputDim: n1,
        outputDim: n3,
        examples,
        hiddenDims: !d.square ? widths : d.depth === 2 ? [n3] : widths.map(() => widths[0]),
        teacherSingularValues: d.spectrum.slice(0, rank).sort((a, b) => b - a),
        noiseStd: d.noiseStd,
        initScale: d.initScale,
        lrFactor: d.lrFactor,
        horizonFactor: d.horizonFactor,
        maxEpochs: C10A_MAX_EPOCHS[scale],
        update: d.update,
        seed: d.seed,
      };
    });
}

/** The task, student and GD settings of a C10(a) instance. */
export function c10aInstance(spec: C10aSpec) {
  const rng = createRng(spec.seed);
  const task = orthogonalTask(spec, spec.examples, rng);
  const depth = spec.hiddenDims.length + 1;
  const c = task.sigma11Scale;
  const top = Math.max(task.svd31.s[0] / c, spec.initScale);
  const learningRate = (spec.lrFactor * 0.05) / (c * (depth / 2) * Math.pow(top, 2 - 2 / depth));
  const half = task.svd31.s[0] / c > 2.5 * spec.initScale ? halfTime(task.svd31.s[0], { initScale: spec.initScale, tau: 1 / learningRate, depth, inputScale: c }) : 1 / learningRate;
  const epochs = Math.max(1, Math.min(Math.round(spec.horizonFactor * half), spec.maxEpochs));
  const student: StudentSpec = { hiddenDims: spec.hiddenDims, init: 'aligned', initScale: spec.initScale, update: spec.update };
  const training: TrainingSpec = { learningRate, epochs, reportEvery: Math.max(1, Math.ceil(epochs / 50)) };
  return { rng, task, student, training };
}

function checkC10aClaim(spec: C10aSpec, impl: C10aImpl) {
  const { rng, task, student, training } = c10aInstance(spec);
  const model = buildSemiAnalyticModel(task, student, training.learningRate);
  const semi = semiAnalyticCurves(task, student, training);
  const gd = impl.train(task, student, training, rng.fork('train'));
  return worstClaimOutcome(checkC10a(model, semi, { epochs: semi.epochs, ...gd }, training.learningRate, student.update));
}

const realTrain: C10aImpl['train'] = (task, student, training, rng) => trainStudent(task, student, training, rng);

/** Trains from the real aligned initialisation with a modified epoch function (reference-speed GD). */
function trainerWith(step: EpochStep): C10aImpl {
  return {
    train(task, student, training, rng) {
      const trainError: number[] = [];
      const testError: number[] = [];
      const { u, v } = task.svd31;
      const modes = u.cols;
      const modeStrengths: number[][] = Array.from({ length: modes }, () => []);
      trainWithStep(task, initStudent(task, student, rng.fork('init')), student.update, training, step, (_t, _l, w, e) => {
        let d = 0;
        for (let i = 0; i < w.data.length; i++) d += (w.data[i] - task.teacher.data[i]) ** 2;
        testError.push(d / task.teacherNormSq);
        let r = 0;
        for (let i = 0; i < e.data.length; i++) r += e.data[i] * e.data[i];
        trainError.push((task.sigma11Kind === 'scaled' ? r / task.sigma11Scale + task.unfittableSq : r) / task.targetNormSq);
        for (let k = 0; k < modes; k++) {
          let s = 0;
          for (let i = 0; i < u.rows; i++) {
            let wv = 0;
            for (let j = 0; j < v.rows; j++) wv += w.data[i * w.cols + j] * v.data[j * modes + k];
            s += u.data[i * modes + k] * wv;
          }
          modeStrengths[k].push(s);
        }
      });
      return { trainError, testError, modeStrengths };
    },
  };
}

/** The update order the caller asked for is ignored: layers are always updated simultaneously (Jacobi). */
const alwaysSimultaneous: EpochStep = (layers, s31, s11, lr) => gdStepReference(layers, s31, s11, lr, 'simultaneous');

/** E = Σ31 − W: the input correlation is dropped from the error (right only when Σ11 = I). */
const missingSigma11: EpochStep = (layers, s31, s11, lr, update) => {
  const n = s11.rows;
  const eye: Mat = { rows: n, cols: n, data: new Float64Array(n * n) };
  for (let i = 0; i < n; i++) eye.data[i * n + i] = 1;
  return gdStepReference(layers, s31, eye, lr, update);
};

/** Every square layer receives the transpose of its gradient. */
const transposedSquareGradient: EpochStep = (layers, s31, s11, lr, update) => {
  const next = gdStepReference(layers, s31, s11, lr, update);
  return next.map((n, l) => {
    const old = layers[l];
    if (old.rows !== old.cols) return n;
    const out = clone(old);
    const k = old.rows;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) out.data[i * k + j] += n.data[j * k + i] - old.data[j * k + i];
    return out;
  });
};

/**
 * C10(a) (§5.1 level (i) vs (ii)): GD of a training-aligned student equals the semi-analytic
 * prediction (5.3) up to the discretisation bound of C2, for every recorded epoch.
 */
export const c10aGdVsSemiAnalytic: Claim<C10aSpec, C10aImpl> = {
  id: 'C10a',
  name: 'GD of an aligned student vs the semi-analytic prediction (5.3)',
  statement:
    'For a training-aligned student of depth D_w ∈ {2, 3, 4}, any widths, P = N1, P < N1 or P > N1 (orthogonal inputs), N3 ≤ or > N1, either update order: ' +
    'every mode strength of full-batch GD stays within the C2 discretisation bound B·max(ŝ_k/c_k, ε) of the closed-form dynamics, and the train and test errors ' +
    'stay within the bound this implies for (5.3) in ln, at every recorded epoch (THEORY.md quotes "< 0.02 away from sharp transitions"; the bound is per epoch).',
  reference: '§5.1 (5.3), §3.4, §11 C2, C10(a)',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source:
      'deterministic: GD and (5.3) share the data; the gap is discretisation only, bounded by the depth-aware C2 bound (c2StrengthBound: ratio ≤ 0.6 over D_w ∈ {2,3,4,6}, ŝ ∈ [1, 8], ε ∈ [1e-5, 1e-2]); ' +
      'the error bounds follow from it algebraically (checkC10a); no failure on 10⁴ CI instances, worst ratio 0.52 (the sequential C2 constant)',
  },
  instances: { ci: 100, thorough: 400 },
  arbitrary: c10aArbitrary,
  implementation: { train: realTrain },
  check: checkC10aClaim,
  plantedBugs: [
    { name: 'update order ignored', description: 'always updates the layers simultaneously (Jacobi), also when the sequential order is asked for', implementation: trainerWith(alwaysSimultaneous) },
    { name: 'missing Σ11', description: 'uses E = Σ31 − W instead of Σ31 − WΣ11 (wrong whenever Σ11 ≠ I on the student’s span)', implementation: trainerWith(missingSigma11) },
    { name: 'transposed gradient', description: 'adds the transpose of the gradient to every square layer', implementation: trainerWith(transposedSquareGradient) },
  ],
};

// ───────────────────────────── C10(b): theory vs the semi-analytic prediction ─────────────────────────────

/** A C10(b) instance: a P = N1 task family and a training-aligned one-hidden-layer student; `seeds` draws of the task are averaged. */
export interface C10bSpec {
  readonly inputDim: number;
  readonly outputDim: number;
  /** One hidden layer of width N2 (D_w = 2). */
  readonly hiddenDims: readonly number[];
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
  readonly initScale: number;
  /** R: draws of teacher, noise and inputs averaged (mean of ln ε per epoch). */
  readonly seeds: number;
  readonly seed: number;
}

/** What C10(b) exercises: the asymptotic theory curves on the recording grid (and the model behind them). */
export interface C10bImpl {
  theory(spec: TheorySpec, epochs: number, reportEvery: number): { curves: CurveSet; model: AsymptoticModel };
}

/** λ of the C10(b) grid (continuous-time predictions: λ only sets the epoch unit τ = 100 epochs). */
const C10B_LR = 0.01;
/** Recorded points per curve. */
const C10B_POINTS = 64;

/** The parameters of a C10(b) generator. */
export interface C10bDomain {
  readonly minN3: number;
  readonly maxN3: number;
  /** Smallest aspect ratio A = N3/N1. */
  readonly minAspect: number;
  /** Weakest allowed s̄/σ_z − θ_A. */
  readonly minOffset: number;
  /** R, draws averaged per instance. */
  readonly seeds: number;
}

/** CI and thorough domains of C10(b). */
export const C10B_DOMAINS: Record<Scale, C10bDomain> = {
  ci: { minN3: 24, maxN3: 30, minAspect: 0.5, minOffset: 0.3, seeds: 8 },
  thorough: { minN3: 40, maxN3: 100, minAspect: 0.25, minOffset: 0.3, seeds: 8 },
};

/** C10(b) instances: A ∈ [minAspect, 1], rank 1–3 with every s̄/σ_z in [θ_A + offset, 10], σ_z ∈ [0.5, 2], N2 = N3 or N2 ∈ (N̄2, N3), D_w = 2. */
export function arbC10b(dom: C10bDomain): fc.Arbitrary<C10bSpec> {
  return fc
    .record({
      dims: arbDims({ minOutputDim: dom.minN3, maxOutputDim: dom.maxN3, minAspect: dom.minAspect }),
      fullWidth: fc.constantFrom(true, true, false),
      widthFraction: arbFraction(),
      rank: fc.integer({ min: 1, max: 3 }),
      // Each s̄/σ_z = θ_A + offset + u (10 − θ_A − offset).
      positions: fc.array(arbFraction(), { minLength: 3, maxLength: 3 }),
      noiseStd: arbLogUniform(0.5, 2),
      seed: arbSeed(),
    })
    .map((d) => {
      const { inputDim, outputDim } = d.dims;
      const lo = thresholdRatio(outputDim, inputDim) + dom.minOffset;
      const rank = d.rank;
      const n2 = d.fullWidth ? outputDim : fractionToInt(d.widthFraction, rank + 1, outputDim - 1);
      return {
        inputDim,
        outputDim,
        hiddenDims: [n2],
        teacherSingularValues: spectrumFromFractions(d.positions, rank, lo, 10, d.noiseStd),
        noiseStd: d.noiseStd,
        initScale: 1e-5 * d.noiseStd,
        seeds: dom.seeds,
        seed: d.seed,
      };
    });
}

/** The theory spec, horizon and grid of a C10(b) instance: 10τ/σ_z (the audited 10τ at σ_z = 1). */
export function c10bSetting(spec: C10bSpec) {
  const theorySpec = theorySpecAt({ ...spec, examples: spec.inputDim }, spec.hiddenDims, C10B_LR);
  const timeScale = learningTimeScale(buildAsymptoticModel(theorySpec));
  // Times scale like 1/σ_z at fixed λ (§9.8, with ε ∝ σ_z): the audited σ_z = 1 horizon 10τ and time tolerances are in units of τ/σ_z.
  const tau = 1 / C10B_LR / spec.noiseStd;
  const reportEvery = Math.max(1, Math.round((10 * timeScale * tau) / C10B_POINTS));
  return { theorySpec, timeScale, tau, epochs: reportEvery * C10B_POINTS, reportEvery };
}

/** Mean over curve sets of ln ε per epoch, returned as errors (the geometric mean: THEORY §10's "mean over runs of ln ε"). */
export function geometricMeanCurves(sets: readonly CurveSet[]): CurveSet {
  const n = sets[0].epochs.length;
  const mean = (pick: (c: CurveSet) => readonly number[]) =>
    Array.from({ length: n }, (_, i) => Math.exp(sets.reduce((s, c) => s + Math.log(pick(c)[i]), 0) / sets.length));
  return { epochs: sets[0].epochs, trainError: mean((c) => c.trainError), testError: mean((c) => c.testError) };
}

/** The semi-analytic curves of the R draws of a C10(b) instance on the theory's grid. */
export function c10bSemiCurves(spec: C10bSpec, epochs: number, reportEvery: number): CurveSet[] {
  const root = createRng(spec.seed);
  const out: CurveSet[] = [];
  for (let r = 0; r < spec.seeds; r++) {
    const task = oneHotTask(spec, root.fork(`draw${r}`));
    out.push(semiAnalyticCurves(task, { hiddenDims: spec.hiddenDims, initScale: spec.initScale }, { learningRate: C10B_LR, epochs, reportEvery }));
  }
  return out;
}

function checkC10bClaim(spec: C10bSpec, impl: C10bImpl) {
  const { theorySpec, timeScale, tau, epochs, reportEvery } = c10bSetting(spec);
  const { curves } = impl.theory(theorySpec, epochs, reportEvery);
  const sim = geometricMeanCurves(c10bSemiCurves(spec, epochs, reportEvery));
  const outcomes = checkC10b(curves, sim, { outputDim: spec.outputDim, tau, timeScale, curves: 'pointwise' });
  return worstClaimOutcome(outcomes, `mean of ${spec.seeds} draws: `);
}

const realTheory: C10bImpl['theory'] = (spec, epochs, reportEvery) => {
  const th = theoryCurves({ ...spec, epochs, reportEvery });
  return { curves: th, model: th.model };
};

/** Theory curves of a model modified after construction (for planted bugs inside the model). */
function curvesOfModel(model: AsymptoticModel, epochs: number, reportEvery: number): CurveSet {
  const grid = epochGrid(epochs, reportEvery);
  const trainError: number[] = [];
  const testError: number[] = [];
  for (const t of grid) {
    const p = theoryPoint(model, t);
    trainError.push(p.trainError);
    testError.push(p.testError);
  }
  return { epochs: grid, trainError, testError };
}

/**
 * §12 D4 (the authors' code): the fitted noise is n_fit times the average over the whole bulk instead of
 * the top n_fit noise values; only differs when N2 < N3.
 */
const wholeBulkNoise: C10bImpl['theory'] = (spec, epochs, reportEvery) => {
  const model = buildAsymptoticModel(spec);
  const { lower } = mpEdges(model.eff.aspect, model.eff.bulkScale);
  const sb2 = model.eff.bulkScale ** 2;
  const wrong: AsymptoticModel = { ...model, nNoise: model.nFit, thetaCut: 0, xCut: lower, noiseOutEnergy: (model.nNoise - model.nFit) * sb2 };
  return { curves: curvesOfModel(wrong, epochs, reportEvery), model };
};

/**
 * C10(b) (§5 level (ii) vs (iii)): the asymptotic theory against the mean of R semi-analytic draws
 * (GD agrees with those by C10(a)) with THEORY.md's audited per-seed tolerances.
 */
export const c10bTheoryVsSemiAnalytic: Claim<C10bSpec, C10bImpl> = {
  id: 'C10b',
  name: 'asymptotic theory vs simulation (semi-analytic draws), audited tolerances',
  statement:
    'For P = N1, A ∈ [1/2, 1] (CI; [1/4, 1] thorough), N3 ∈ [24, 30] (CI; [40, 100] thorough), one hidden layer with N2 = N3 or N̄2 < N2 < N3, rank 1–3 with every s̄/σ_z in [θ_A + 0.3, 10], ' +
    'σ_z ∈ [1/2, 2], ε = 1e-5σ_z, over 10τ/σ_z (times in units of τ/σ_z: the audited σ_z = 1 setting by scale invariance): the mean over R = 8 independent draws of ln ε of the aligned student (semi-analytic (5.3); GD equals it by C10a) agrees with the theory (5.5)/(5.6) within ' +
    'THEORY’s audited per-seed tolerances: |Δ min ln ε_test| ≤ 6/√N3; |Δt_opt|/τ ≤ 4/√N3 or the simulated curve at the theory’s t_opt within 2/√N3 of its minimum; |Δ ln ε_train| ≤ 2.5/√N3 while ε_train > 0.1; ' +
    '|Δ ε_train| ≤ 1.5/√N3; |Δ ln ε_test| ≤ 12/√N3 pointwise. Per single draw these audited bounds are not safe at N3 ≤ 30: they failed for 4e-4 of draws over the domain and 0.7% at N3 = 24, A = 1, ' +
    'three modes at θ_A + 0.3 (train bound, finite-size bias of the theory’s ‖Ŷ‖² estimate, O(N̄2/N3)); the older bounds (3/√N3, t_opt 2.5/√N3, train while ε_train > 1e-3, test 6/√N3) are false. ' +
    'D_w = 4 is not covered (see the report: the sigmoids are too sharp for a sampled grid).',
  reference: '§5.2–§5.3, §10 F3–F4; §11 C10(b) [AUDITED 2026-11-24]',
  kind: 'statistical',
  falseFailure: {
    perInstance: 3e-7,
    source:
      'measured on 10⁴ CI instances (R = 8 semi-analytic draws each, this generator): worst ratio 0.58 (t_opt), q99 0.32; tail extrapolations P(ratio > 1) ≈ 1.5e-8 (exponential, q99 threshold), ' +
      '2.7e-7 (generalised Pareto, ξ = 0.05, used here), 3e-6 (pure Pareto/Hill, top 100: a pessimistic bound). Worst corner (N3 = 24, A = 1, three modes at θ_A + 0.3; finite-size train bias ' +
      '≈ 0.47 of the tolerance): 10⁴ instances, worst 0.73, GPD 8e-9, Hill 1.3e-7. Single draws fail the audited bounds at 4e-4 (domain) and 7e-3 (corner), hence R = 8',
  },
  instances: { ci: 100, thorough: 300 },
  arbitrary: (scale) => arbC10b(C10B_DOMAINS[scale]),
  implementation: { theory: realTheory },
  check: checkC10bClaim,
  plantedBugs: [
    {
      name: 'noise normalised by N3',
      description: 'the theory’s noise has variance σ_z²/N3 instead of σ_z²/N1 (bulk and spikes scaled by √(N1/N3))',
      implementation: { theory: (spec, e, r) => realTheory({ ...spec, noiseStd: spec.noiseStd * Math.sqrt(spec.inputDim / spec.outputDim) }, e, r) },
    },
    {
      name: 'σ_z scaling missing',
      description: 'the theory uses the σ_z = 1 formulas (bulk, ŝ, 𝒪) whatever σ_z is',
      implementation: { theory: (spec, e, r) => realTheory({ ...spec, noiseStd: 1 }, e, r) },
    },
    { name: 'whole-bulk fitted noise', description: 'fits n_fit noise modes spread over the whole bulk instead of the top n_fit (§12 D4; matters when N2 < N3)', implementation: { theory: wholeBulkNoise } },
    {
      name: 'per-layer init scale',
      description: 'the theory starts every mode at the per-layer scale ε^{1/D_w} instead of the product’s ε',
      implementation: { theory: (spec, e, r) => realTheory({ ...spec, initScale: Math.pow(spec.initScale, 1 / (spec.hiddenDims.length + 1)) }, e, r) },
    },
  ],
};
