import fc from 'fast-check';
import { arbFraction, arbLogUniform, arbSeed, arbUniform, fractionToInt } from '../arbitraries/primitives.js';
import type { InitKind, Integrator, UpdateOrder } from '../config/simulationConfig.js';
import { matmul } from '../linalg/gemm.js';
import { identity, type Mat } from '../linalg/mat.js';
import { frobenius } from '../linalg/norms.js';
import { svd } from '../linalg/svd.js';
import { initStudent } from '../network/init.js';
import type { Layers, StudentSpec, TrainingSpec } from '../network/student.js';
import { trainStudent } from '../network/train.js';
import type { Observer } from '../network/trainer.js';
import { createRng, type Rng } from '../random/rng.js';
import { spikeImage } from '../rmt/effectiveSpike.js';
import type { Task } from '../task/task.js';
import { buildAsymptoticModel, type AsymptoticModel, type TheorySpec } from '../theory/asymptoticModel.js';
import { halfTime } from '../dynamics/modeStrength.js';
import { atMost, twoSided, worstOf, type Claim, type Outcome, type Scale } from './claim.js';
import { trainWithStep } from './support/steppedTraining.js';
import { gdStepReference } from '../network/gdStepReference.js';
import { orthogonalTask } from './support/tasks.js';
import { realTheoryOptimum, theorySpecAt, type TheoryOptimumImpl, type TheoryTask } from './support/theoryModel.js';

/** Bug: for P < N1 the signal inside span(X) is taken as s̄ instead of s̄√D (§4.5). */
const unscaledSignal: TheoryOptimumImpl = {
  ...realTheoryOptimum,
  model(spec) {
    const m = buildAsymptoticModel(spec);
    if (m.eff.signalScale === 1) return m;
    const eff = { ...m.eff, signalScale: 1 };
    return { ...m, eff, signals: m.signals.map((s) => ({ ...spikeImage(s.sBar, eff), sBar: s.sBar, learned: s.learned })) };
  },
};

/** Bug: the noise-mode count ignores P, min(N3, N1) − N̄2 instead of min(N3, N1, P) − N̄2 (5.4). */
const countIgnoresP: TheoryOptimumImpl = {
  ...realTheoryOptimum,
  model(spec) {
    const m = buildAsymptoticModel(spec);
    const n = Math.max(0, Math.min(spec.outputDim, spec.inputDim) - spec.teacherSingularValues.length);
    return { ...m, nNoise: n, nFit: Math.min(n, Math.max(0, Math.min(...spec.hiddenDims) - spec.teacherSingularValues.length)) };
  },
};

/** The theory spec of a C15 task with P examples; hidden width N2 = max(N1, N3) (every mode reachable), λ = 1. */
function specAt(s: Omit<TheoryTask, 'examples'>, p: number): TheorySpec {
  return theorySpecAt({ ...s, examples: p }, [Math.max(s.inputDim, s.outputDim)]);
}

// ───────────────────────── C15(a): ε_opt non-increasing in P (theory, exact) ─────────────────────────

/** A C15(a) instance: a teacher, noise and sizes, and two example counts P < P'. */
export interface C15aSpec {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
  readonly initScale: number;
  readonly examples: readonly [number, number];
}

function arbC15a(scale: Scale): fc.Arbitrary<C15aSpec> {
  const maxN = scale === 'ci' ? 200 : 1000;
  return fc
    .record({
      n1: fc.integer({ min: 2, max: maxN }),
      square: fc.constantFrom(true, true, false),
      aspect: arbLogUniform(0.25, 4),
      rank: fc.integer({ min: 1, max: 3 }),
      spectrum: fc.array(fc.oneof(fc.constant(0), arbUniform(0.05, 10)), { minLength: 3, maxLength: 3 }),
      noiseStd: arbLogUniform(0.2, 3),
      initScale: arbLogUniform(1e-8, 1e-3),
      p: fc.tuple(arbFraction(), arbFraction()),
    })
    .map((d) => {
      const n1 = d.n1;
      const n3 = d.square ? n1 : Math.max(1, Math.round(n1 * d.aspect));
      const rank = Math.min(d.rank, n1, n3);
      const sBar = d.spectrum.slice(0, rank).sort((a, b) => b - a);
      if (!(sBar[0] > 0)) sBar[0] = 1;
      const pa = fractionToInt(Math.min(...d.p), 1, 4 * n1);
      const pb = fractionToInt(Math.max(...d.p), pa, 4 * n1);
      return {
        inputDim: n1,
        outputDim: n3,
        teacherSingularValues: sBar.map((s) => s * d.noiseStd),
        noiseStd: d.noiseStd,
        initScale: d.initScale,
        examples: [pa, pb === pa ? pa + 1 : pb] as [number, number],
      };
    });
}

/** Slack of the exact comparisons: quadrature relTol 1e-11 and the optimiser's value accuracy (ACCURACY.md §2, §4). */
const C15_REL = 1e-9;

/**
 * Horizon long enough for the optimum: 20τ_eff/σ_z (τ_eff = τ/D for P > N1; times scale like 1/σ_z, §9.8), and at
 * least three half-times of the weakest detectable learned signal.
 */
function horizonOf(model: AsymptoticModel): number {
  let h = (20 * model.dynamics.tau) / Math.max(model.spec.noiseStd, 1e-3);
  for (const m of model.signals) {
    if (m.learned && m.detectable && m.sHat > 4 * model.dynamics.initScale) h = Math.max(h, 3 * halfTime(m.sHat, model.dynamics));
  }
  return h;
}

/** Modes a student of this model holds at ε from the start: min(N2, N3, N1, P), all at strength ε at t = 0. */
function initialModes(model: AsymptoticModel): number {
  return Math.min(Math.min(...model.spec.hiddenDims), model.spec.outputDim, model.spec.inputDim, model.spec.examples);
}

function checkC15a(spec: C15aSpec, impl: TheoryOptimumImpl): Outcome {
  const [pa, pb] = spec.examples;
  const few = impl.model(specAt(spec, pa));
  const many = impl.model(specAt(spec, pb));
  const a = impl.optimum(few, horizonOf(few));
  // ε_opt(P') ≤ ε_th(t; P') for any t: try the fewer-example optimum first (same τ, or rescaled by the input scale).
  let b = Math.min(impl.testError(many, a.tOpt), impl.testError(many, (a.tOpt * many.dynamics.tau) / few.dynamics.tau));
  let where = 'at the fewer-example optimum (an upper bound)';
  if (b > a.minError) {
    b = impl.optimum(many, horizonOf(many)).minError;
    where = 'global optimum';
  }
  // The extra modes of the larger-P student start at ε: ε²·Δn/Σs̄² of initial error that no stopping time removes.
  const initial = ((initialModes(many) - initialModes(few)) * spec.initScale ** 2) / many.teacherNormSq;
  return atMost(b - a.minError, initial, C15_REL * a.minError + 1e-15, `ε_opt(P=${pa}) = ${a.minError} vs ε_opt(P=${pb}) ≤ ${b} (${where}); initial-map allowance ${initial.toExponential(3)}`);
}

/** C15(a): more examples never make the optimal stopping error worse (theory, exact within the model). */
export const c15aOptimumMonotoneInP: Claim<C15aSpec, TheoryOptimumImpl> = {
  id: 'C15a',
  name: 'optimal stopping error non-increasing in the number of examples (theory)',
  statement:
    'For fixed W̄ and σ_z (N1 ∈ [2, 200], N3 = N1 or N3/N1 ∈ [1/4, 4], rank 1–3 incl. undetectable modes, ε ∈ [1e-8, 1e-3], one hidden layer of width max(N1, N3)), the theory’s optimal stopping error ' +
    '(5.5)/(5.7) with §4.5–§5.6 is non-increasing in P ∈ [1, 4N1] up to the initial map: ε_opt(P′) ≤ ε_opt(P) + (n(P′) − n(P))ε²/Σs̄² for P < P′, n(P) = min(N2, N3, N1, P) modes starting at ε. ' +
    'THEORY’s unqualified “non-increasing” is false by exactly that term: when the teacher is undetectable at both P (ε_opt = ε_test(0)), every extra example adds one more mode at ε ' +
    '(e.g. s̄ = 0.036, σ_z = 0.39, ε = 8.8e-4, N1 = N3 = 193: ε_opt = 1.0006 at P = 1, 1.117 at P = 566).',
  reference: '§4.5, §5.5–§5.6, §6 "Number of examples", §10 F8; §11 C15',
  kind: 'exact',
  falseFailure: { perInstance: 0, source: 'deterministic function of the spec (asymptotic theory); no failure on 10⁴ CI instances; without the initial-map allowance 13% of instances failed (undetectable teachers)' },
  instances: { ci: 100, thorough: 1000 },
  arbitrary: arbC15a,
  implementation: realTheoryOptimum,
  check: checkC15a,
  plantedBugs: [{ name: 'signal not rescaled for P < N1', description: 'uses s̄ instead of s̄√D for the signal inside span(X) when P < N1 (§4.5)', implementation: unscaledSignal }],
};

// ─────────────── C15(b): the long-time test error peaks at P = N1 when N1 = N3 (theory, exact) ───────────────

/** A C15(b) instance: N1 = N3 = N, a teacher and noise, and two example counts on the same side of N. */
export interface C15bSpec {
  readonly size: number;
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
  readonly examples: readonly [number, number];
}

/** Long-time limit evaluated at t = 1e6 τ_eff (bulk modes not yet learned then carry < 1e-12 of the energy). */
const C15_LONG = 1e6;

/** Σs̄² ≤ c·N σ_z² for the peak at P = N1 (see the statement: false for strong teachers). */
export const C15B_ENERGY_RATIO = 1;

function arbC15b(scale: Scale): fc.Arbitrary<C15bSpec> {
  const maxN = scale === 'ci' ? 200 : 1000;
  return fc
    .record({
      n: fc.integer({ min: 4, max: maxN }),
      rank: fc.integer({ min: 1, max: 3 }),
      shares: fc.array(arbFraction(0.01, 1), { minLength: 3, maxLength: 3 }),
      energy: arbFraction(0, 1),
      noiseStd: arbLogUniform(0.2, 3),
      above: fc.boolean(),
      p: fc.tuple(arbFraction(), arbFraction()),
    })
    .map((d) => {
      const n = d.n;
      const rank = Math.min(d.rank, n);
      // Σs̄² = energy · C15B_ENERGY_RATIO · N σ_z², split over the modes by `shares`.
      const shares = d.shares.slice(0, rank);
      const total = shares.reduce((a, b) => a + b, 0);
      const e = Math.max(1e-6, d.energy) * C15B_ENERGY_RATIO * n * d.noiseStd ** 2;
      const sBar = shares.map((s) => Math.sqrt((e * s) / total)).sort((a, b) => b - a);
      // P > N̄2: with fewer examples than teacher modes the spiked model of §4.5 does not apply.
      const [lo, hi] = d.above ? [n, 4 * n] : [rank + 1, n];
      const pa = fractionToInt(Math.min(...d.p), lo, hi);
      const pb = fractionToInt(Math.max(...d.p), pa, hi);
      return { size: n, teacherSingularValues: sBar, noiseStd: d.noiseStd, examples: [pa, pb === pa ? Math.min(hi, pa + 1) : pb] as [number, number] };
    });
}

function longTimeError(spec: C15bSpec, p: number, impl: TheoryOptimumImpl): number {
  const m = impl.model(specAt({ inputDim: spec.size, outputDim: spec.size, teacherSingularValues: spec.teacherSingularValues, noiseStd: spec.noiseStd, initScale: 1e-5 * spec.noiseStd }, p));
  return impl.testError(m, C15_LONG * m.dynamics.tau);
}

function checkC15b(spec: C15bSpec, impl: TheoryOptimumImpl): Outcome {
  const [pa, pb] = spec.examples;
  const a = longTimeError(spec, pa, impl);
  const b = longTimeError(spec, pb, impl);
  const n = spec.size;
  const peak = longTimeError(spec, n, impl);
  const tol = (x: number) => C15_REL * x + 1e-12;
  // Below N1: non-decreasing (a ≤ b ≤ peak); above: non-increasing (peak ≥ a ≥ b).
  const outcomes =
    pb <= n
      ? [atMost(a - b, 0, tol(b), `ε_∞(P=${pa}) = ${a} ≤ ε_∞(P=${pb}) = ${b} (P ≤ N1 = ${n})`), atMost(b - peak, 0, tol(peak), `ε_∞(P=${pb}) = ${b} ≤ ε_∞(N1) = ${peak}`)]
      : [atMost(b - a, 0, tol(a), `ε_∞(P=${pb}) = ${b} ≤ ε_∞(P=${pa}) = ${a} (P ≥ N1 = ${n})`), atMost(a - peak, 0, tol(peak), `ε_∞(P=${pa}) = ${a} ≤ ε_∞(N1) = ${peak}`)];
  return worstOf(outcomes);
}

/** C15(b): the long-time test error is largest at P = N1 (N1 = N3), increasing before and decreasing after (theory, exact). */
export const c15bLongTimePeak: Claim<C15bSpec, TheoryOptimumImpl> = {
  id: 'C15b',
  name: 'long-time test error peaks at P = N1 (theory)',
  statement:
    'For N1 = N3 = N ∈ [4, 200], one hidden layer of width N, rank 1–3, σ_z ∈ [0.2, 3], ε = 1e-5σ_z and a teacher with Σs̄² ≤ Nσ_z²: the theory’s long-time test error ε_∞(P) (t → ∞, evaluated at ' +
    '1e6τ_eff) is non-decreasing in P on (N̄2, N] and non-increasing on [N, 4N], so it peaks at P = N1. The condition is needed and sharp: below N1, ε_∞·Σs̄² ≈ Pσ_z² + Σs̄²(1 − P/N) + …, whose slope ' +
    'σ_z² − Σs̄²/N is negative for strong teachers — with Σs̄² = 1.5Nσ_z² already 15% of pairs violate the peak (e.g. N = 194, s̄ = 17σ_z: ε_∞ = 0.997 at P = 2, 0.67 at P = N). THEORY states the peak unconditionally ' +
    '(F8 had Σs̄² ≤ 16 ≤ N σ_z² = 100).',
  reference: '§4.5, §5.5–§5.6, §6 "Number of examples"; §11 C15',
  kind: 'exact',
  falseFailure: { perInstance: 0, source: 'deterministic function of the spec (asymptotic theory); no failure on 4×10⁴ CI instances with Σs̄² ≤ Nσ_z²; 15%, 21% and 33% of pairs fail at Σs̄² ≤ 1.5, 2 and 4 Nσ_z²' },
  instances: { ci: 100, thorough: 1000 },
  arbitrary: arbC15b,
  implementation: realTheoryOptimum,
  check: checkC15b,
  plantedBugs: [{ name: 'noise count ignores P', description: 'n_noise = min(N3, N1) − N̄2 instead of min(N3, N1, P) − N̄2 (5.4)', implementation: countIgnoresP }],
};

// ──────────────────────── C15(c): the frozen subspace (simulation, exact) ────────────────────────

/** A C15(c) instance: P < N1 orthonormal inputs, any initialisation, depth and update order, GD or the gradient flow. */
export interface C15cSpec {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly examples: number;
  readonly hiddenDims: readonly number[];
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
  readonly initScale: number;
  readonly init: InitKind;
  readonly update: UpdateOrder;
  readonly integrator: Integrator;
  readonly lrFactor: number;
  readonly epochs: number;
  readonly seed: number;
}

/** What C15(c) exercises: a trainer (initialisation included) that shows the layers at the recorded epochs. */
export interface C15cImpl {
  train(task: Task, student: StudentSpec, training: TrainingSpec, rng: Rng, observe: Observer): void;
}

function arbC15c(scale: Scale): fc.Arbitrary<C15cSpec> {
  const maxN1 = scale === 'ci' ? 16 : 60;
  return fc
    .record({
      n1: fc.integer({ min: 3, max: maxN1 }),
      n3f: arbFraction(),
      pf: arbFraction(),
      depth: fc.integer({ min: 2, max: 4 }),
      widths: fc.array(arbFraction(), { minLength: 3, maxLength: 3 }),
      narrow: fc.boolean(),
      rank: fc.integer({ min: 1, max: 3 }),
      spectrum: fc.array(arbUniform(0.1, 8), { minLength: 3, maxLength: 3 }),
      noiseStd: arbLogUniform(0.1, 2),
      initScale: arbLogUniform(1e-8, 1e-1),
      init: fc.constantFrom<InitKind>('random', 'aligned'),
      update: fc.constantFrom<UpdateOrder>('sequential', 'simultaneous'),
      integrator: fc.constantFrom<Integrator>('gd', 'gd', 'gd', 'flow'),
      lrFactor: arbUniform(0.1, 1),
      epochs: fc.integer({ min: 1, max: scale === 'ci' ? 600 : 5000 }),
      seed: arbSeed(),
    })
    .map((d) => {
      const n1 = d.n1;
      const n3 = fractionToInt(d.n3f, 1, 2 * n1);
      const p = fractionToInt(d.pf, 1, n1 - 1);
      const rank = Math.min(d.rank, n3, p);
      // Aligned students with N2 ≤ min(N3, P) in half the draws (where W(t)(I − Σ11) = 0 is claimed).
      const cap = d.narrow ? Math.min(n3, p) : n1 + n3;
      return {
        inputDim: n1,
        outputDim: n3,
        examples: p,
        hiddenDims: d.widths.slice(0, d.depth - 1).map((f) => fractionToInt(f, 1, cap)),
        teacherSingularValues: d.spectrum.slice(0, rank).sort((a, b) => b - a),
        noiseStd: d.noiseStd,
        initScale: d.initScale,
        init: d.init,
        update: d.update,
        integrator: d.integrator,
        lrFactor: d.lrFactor,
        epochs: d.epochs,
        seed: d.seed,
      };
    });
}

const C15C_TOL = 1e-10;

function checkC15c(spec: C15cSpec, impl: C15cImpl): Outcome {
  const rng = createRng(spec.seed);
  const task = orthogonalTask(spec, spec.examples, rng);
  const depth = spec.hiddenDims.length + 1;
  const top = Math.max(task.svd31.s[0], spec.initScale);
  const learningRate = (spec.lrFactor * 0.1) / (depth * Math.pow(top, 2 - 2 / depth));
  const student: StudentSpec = { hiddenDims: spec.hiddenDims, init: spec.init, initScale: spec.initScale, update: spec.update };
  const training: TrainingSpec = { learningRate, epochs: spec.epochs, reportEvery: Math.max(1, Math.floor(spec.epochs / 10)), integrator: spec.integrator };
  // I − Σ11: the projector onto span(X)^⊥ (Σ11 = XXᵀ with XᵀX = I_P).
  const n1 = spec.inputDim;
  const perp: Mat = identity(n1);
  for (let i = 0; i < n1 * n1; i++) perp.data[i] -= task.sigma11.data[i];
  const alignedNarrow = spec.init === 'aligned' && Math.min(...spec.hiddenDims) <= Math.min(spec.outputDim, spec.examples);
  let first: Mat | undefined;
  let firstNorm = 0;
  let frozenDrift = 0;
  let frozenMap = 0;
  let whereDrift = '';
  let whereMap = '';
  impl.train(task, student, training, rng.fork('train'), (epoch, layers, w) => {
    const w1 = layers[0];
    if (!first) {
      first = { rows: w1.rows, cols: w1.cols, data: new Float64Array(w1.data) };
      firstNorm = frobenius(first);
    }
    const diff: Mat = { rows: w1.rows, cols: w1.cols, data: w1.data.map((x, i) => x - first!.data[i]) };
    // Relative to the layer's own scale max(‖W¹(0)‖, ‖W¹(t)‖): every step leaks O(u·λ‖W^{>1}‖‖E‖) of float64 rounding into
    // span(X)^⊥, which exceeds 1e-10‖W¹(0)‖ for small ε and long runs (fixtures/counterexamples/C15c-rounding-small-init.json).
    const drift = frobenius(matmul(diff, perp)) / Math.max(firstNorm, frobenius(w1));
    if (!(drift <= frozenDrift)) {
      frozenDrift = drift;
      whereDrift = `epoch ${epoch}`;
    }
    if (alignedNarrow) {
      const m = frobenius(matmul(w, perp)) / Math.max(1, frobenius(w));
      if (!(m <= frozenMap)) {
        frozenMap = m;
        whereMap = `epoch ${epoch}`;
      }
    }
  });
  const outcomes = [twoSided(frozenDrift, 0, C15C_TOL, `‖(W¹(t) − W¹(0))(I − Σ11)‖/max(‖W¹(0)‖, ‖W¹(t)‖), worst at ${whereDrift}`)];
  if (alignedNarrow) outcomes.push(twoSided(frozenMap, 0, C15C_TOL, `aligned, N2 ≤ min(N3, P): ‖W(t)(I − Σ11)‖/max(1, ‖W(t)‖), worst at ${whereMap}`));
  return worstOf(outcomes);
}

const realTrainC15c: C15cImpl['train'] = (task, student, training, rng, observe) => {
  trainStudent(task, student, training, rng, { observe });
};

/** Bug: E = Σ31 − W (Σ11 dropped), which pulls W toward Σ31 also outside span(X). */
const identitySigma11: C15cImpl = {
  train(task, student, training, rng, observe) {
    const n = task.sigma11.rows;
    trainWithStep(task, initStudent(task, student, rng.fork('init')), student.update, { ...training, integrator: 'gd' }, (l, s31, _s11, lr, u) => gdStepReference(l, s31, identity(n), lr, u), observe);
  },
};

/** Bug: aligned initialisation taken from the teacher's singular vectors Ū, V̄ instead of the data's (§12 A1). */
const teacherAligned: C15cImpl = {
  train(task, student, training, rng, observe) {
    const oracle = { ...task, svd31: svd(task.teacher) } as Task;
    const layers: Layers = initStudent(oracle, student, rng.fork('init'));
    trainStudent(task, student, training, rng, { observe, initialLayers: layers });
  },
};

/** C15(c): the first layer never changes on span(X)^⊥ (exact, any initialisation, depth and integrator). */
export const c15cFrozenSubspace: Claim<C15cSpec, C15cImpl> = {
  id: 'C15c',
  name: 'frozen subspace for P < N1 (simulation)',
  statement:
    'With orthonormal inputs and P < N1, for any initialisation (random or aligned), depth D_w ∈ {2, 3, 4}, update order and integrator (GD or the gradient flow): ' +
    '‖(W¹(t) − W¹(0))(I − Σ11)‖_F ≤ 1e-10·max(‖W¹(0)‖_F, ‖W¹(t)‖_F) at every recorded epoch (input directions outside span(X) receive no gradient); ' +
    'with aligned initialisation and N2 ≤ min(N3, P) also ‖W(t)(I − Σ11)‖_F ≤ 1e-10·max(1, ‖W(t)‖_F) (the map never acts outside span(X)). THEORY’s bound relative to ‖W¹(0)‖ alone is false ' +
    'for small ε and long runs: every step leaks float64 rounding (u·λ‖W^{>1}‖‖E‖) into span(X)^⊥, e.g. ε = 1e-8, D_w = 2, 5000 steps: 1.5e-10‖W¹(0)‖; 20000 steps: 5.6e-10; ε = 1e-12: 5e-8 ' +
    '(fixtures/counterexamples/C15c-rounding-small-init.json); relative to max(‖W¹(0)‖, ‖W¹(t)‖) the same runs give ≤ 4.5e-14.',
  reference: '§4.5 (frozen subspace), §1 inputs for P ≠ N1; §11 C15',
  kind: 'exact',
  falseFailure: { perInstance: 0, source: 'exact identity (the gradient of W¹ is (W^{>1})ᵀ(Ŷ − WX)Xᵀ); 1e-10 of the layer’s own scale covers float64 rounding (no failure on 10⁴ CI and 200 thorough instances, worst 5e-4 of the bound; long runs with ε = 1e-8…1e-12, 2×10⁴ steps: ≤ 4.5e-4 of the bound)' },
  instances: { ci: 100, thorough: 500 },
  arbitrary: arbC15c,
  implementation: { train: realTrainC15c },
  check: checkC15c,
  plantedBugs: [
    { name: 'missing Σ11', description: 'uses E = Σ31 − W instead of Σ31 − WΣ11, which also moves W outside span(X)', implementation: identitySigma11 },
    { name: 'teacher-aligned init', description: 'aligns the student with the teacher Ū, V̄ instead of the data Û, V̂ (§12 A1): W(0) acts outside span(X)', implementation: teacherAligned },
  ],
};
