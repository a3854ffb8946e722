/**
 * C12c: in simulation, on the same data, truncating the aligned student to N2 modes leaves the signal dynamics
 * unchanged; only the fitted noise modes differ (§11 C12; exact mechanism).
 */
import fc from 'fast-check';
import { arbDims } from '../arbitraries/dims.js';
import { arbFraction, arbLogUniform, arbSeed, arbUniform, fractionToInt } from '../arbitraries/primitives.js';
import type { UpdateOrder } from '../config/simulationConfig.js';
import type { Mat } from '../linalg/mat.js';
import { initStudent } from '../network/init.js';
import type { TrainingSpec } from '../network/student.js';
import { trainStudent } from '../network/train.js';
import { createRng } from '../random/rng.js';
import type { Task } from '../task/task.js';
import { teacherProjections } from '../theory/teacherProjections.js';
import { atMost, worstOf, type Claim, type Outcome, type Scale, type PlantedBug } from './claim.js';
import { oneHotTask } from './support/tasks.js';
import { realTrain, type TrainRun } from './support/realTrain.js';

/** A C12(c) instance: one task and two aligned GD students (D_w = 2) of widths N2 < N2' ≤ N3 on it. */
export interface C12cSpec {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly teacherSingularValues: readonly number[];
  readonly noiseStd: number;
  readonly widths: readonly [number, number];
  readonly update: UpdateOrder;
  readonly seed: number;
}

function arbitrary(scale: Scale): fc.Arbitrary<C12cSpec> {
  const [lo, hi] = scale === 'ci' ? [4, 16] : [20, 60];
  return fc
    .record({
      dims: arbDims({ minOutputDim: lo, maxOutputDim: hi, minAspect: 0.25 }),
      rank: fc.integer({ min: 1, max: 3 }),
      // s̄/σ_z ∈ [0, 8] (undetectable modes included).
      spectrum: fc.array(arbUniform(0, 8), { minLength: 3, maxLength: 3 }),
      noiseStd: arbLogUniform(0.2, 2),
      w: fc.tuple(arbFraction(), arbFraction()),
      update: fc.constantFrom<UpdateOrder>('sequential', 'simultaneous'),
      seed: arbSeed(),
    })
    .map((d) => {
      const { inputDim, outputDim } = d.dims;
      const rank = Math.min(d.rank, outputDim - 1);
      const sBar = d.spectrum.slice(0, rank).sort((a, b) => b - a);
      if (!(sBar[0] > 0.1)) sBar[0] = 1;
      const a = fractionToInt(Math.min(...d.w), rank, outputDim - 1);
      const b = fractionToInt(Math.max(...d.w), a + 1, outputDim);
      return {
        inputDim,
        outputDim,
        teacherSingularValues: sBar.map((x) => x * d.noiseStd),
        noiseStd: d.noiseStd,
        widths: [a, b] as [number, number],
        update: d.update,
        seed: d.seed,
      };
    });
}

/** Relative tolerance of the exact comparisons (float64 rounding of GD; decoupling holds to ~1e-14, C1). */
const C12C_TOL = 1e-9;

function check(spec: C12cSpec, impl: C12cImpl): Outcome {
  const rng = createRng(spec.seed);
  const task = oneHotTask(spec, rng);
  const initScale = 1e-5 * spec.noiseStd;
  const learningRate = 0.05 / task.svd31.s[0];
  const tau = 1 / learningRate;
  const reportEvery = Math.max(1, Math.round(tau / 10));
  const training: TrainingSpec = {
    learningRate,
    epochs: reportEvery * Math.ceil((8 * tau) / spec.noiseStd / reportEvery),
    reportEvery,
  };
  const [n2, n2b] = spec.widths;
  const run = (w: number) =>
    impl.train(
      task,
      { hiddenDims: [w], init: 'aligned', initScale, update: spec.update },
      training,
      rng.fork(`width${w}`),
    );
  const narrow = run(n2);
  const wide = run(n2b);
  const c = teacherProjections(task);
  let strength = 0;
  let strengthAt = '';
  let identity = 0;
  let identityAt = '';
  for (let i = 0; i < narrow.testError.length; i++) {
    for (let k = 0; k < n2; k++) {
      const a = narrow.modeStrengths[k][i];
      const b = wide.modeStrengths[k][i];
      const r = Math.abs(a - b) / Math.max(Math.abs(a), initScale);
      if (!(r <= strength)) {
        strength = r;
        strengthAt = `mode ${k}, record ${i}: ${a} vs ${b}`;
      }
    }
    let extra = 0;
    for (let k = n2; k < n2b; k++) {
      const s = wide.modeStrengths[k][i];
      extra += s * s - 2 * s * c[k];
    }
    const predicted = narrow.testError[i] + extra / task.teacherNormSq;
    const r =
      Math.abs(wide.testError[i] - predicted) / (C12C_TOL * Math.max(wide.testError[i], narrow.testError[i]) + 1e-13);
    if (!(r <= identity)) {
      identity = r;
      identityAt = `record ${i}: ε(N2') = ${wide.testError[i]}, ε(N2) + extra modes = ${predicted}`;
    }
  }
  return worstOf([
    atMost(
      strength,
      0,
      C12C_TOL,
      `signal/shared mode strengths of the N2 = ${n2} and N2 = ${n2b} students (largest relative gap at ${strengthAt || 'none'})`,
    ),
    atMost(
      identity,
      0,
      1,
      `ε_test(t; N2') − ε_test(t; N2) = Σ_extra (s_k² − 2 s_k c_k)/‖W̄‖² (worst at ${identityAt || 'none'})`,
    ),
  ]);
}

/** What C12(c) exercises: the trainer with its (truncated) aligned initialisation. */
export interface C12cImpl {
  readonly train: TrainRun;
}

/** Bug: a truncated aligned student is aligned with the N2 weakest data modes instead of the strongest. */
const weakestModes: C12cImpl = {
  train(task, student, training, rng) {
    const k = task.svd31.u.cols;
    const n2 = Math.min(...student.hiddenDims);
    if (n2 >= k) return trainStudent(task, student, training, rng);
    const order = Array.from({ length: k }, (_, i) => k - 1 - i);
    const permute = (m: Mat): Mat => {
      const out = { rows: m.rows, cols: m.cols, data: new Float64Array(m.data.length) };
      for (let i = 0; i < m.rows; i++)
        for (let j = 0; j < m.cols; j++) out.data[i * m.cols + j] = m.data[i * m.cols + order[j]];
      return out;
    };
    const { u, v, s } = task.svd31;
    const reversed = {
      ...task,
      svd31: { u: permute(u), v: permute(v), s: Float64Array.from(order.map((j) => s[j])) },
    } as Task;
    return trainStudent(task, student, training, rng, {
      initialLayers: initStudent(reversed, student, rng.fork('init')),
    });
  },
};

/** Bug: the initial map is normalised in Frobenius norm, so each of the N2 aligned modes starts at ε/√N2. */
const frobeniusInitTrain: C12cImpl = {
  train(task, student, training, rng) {
    const n2 = Math.min(...student.hiddenDims);
    return trainStudent(task, { ...student, initScale: student.initScale / Math.sqrt(n2) }, training, rng);
  },
};

const implementation: C12cImpl = { train: realTrain };

const plantedBugs: readonly PlantedBug<C12cImpl>[] = [
  {
    name: 'aligned with the weakest modes',
    description:
      'a truncated aligned student (N2 < N3) is aligned with the N2 weakest data modes instead of the strongest',
    implementation: weakestModes,
  },
  {
    name: 'Frobenius-normalised init',
    description:
      'each of the N2 aligned modes starts at ε/√N2 (initial map normalised in Frobenius norm), so narrower students learn earlier',
    implementation: frobeniusInitTrain,
  },
];

/**
 * C12(c): why ε_opt hardly depends on N2 in simulation, per instance and exactly: on the same data, aligned GD
 * students of widths N2 < N2' share every mode trajectory they both have, and differ only by the extra modes' terms.
 */
export const c12cSimulationWidth: Claim<C12cSpec, C12cImpl> = {
  id: 'C12c',
  name: 'aligned students of different widths differ only by the extra noise modes (simulation)',
  statement:
    'On the same data (P = N1, any A ∈ [1/4, 1], any spectrum incl. undetectable modes), aligned one-hidden-layer GD students of widths N̄2 ≤ N2 < N2′ ≤ N3 (either update order) have identical ' +
    'strengths on the N2 modes they share at every recorded epoch (to 1e-9 relative), and ε_test(t; N2′) − ε_test(t; N2) = Σ over the extra modes of (s_k² − 2s_k c_k)/‖W̄‖² (c_k = û_kᵀW̄v̂_k) to 1e-9: ' +
    'the simulated width dependence is exactly the extra noise modes’ terms. THEORY’s magnitude bound for simulations (|Δ ln ε_opt| ≤ 0.05, audited ×N3/50) is false per seed at small N3: at N3 ∈ [10, 16] ' +
    '|ln ε_opt(N3) − ln ε_opt(N̄2)| reached 0.30 at s̄ = 2θ_A and 0.086 at 3θ_A (0.2% and 0.006%·N3/50 allowed), heavy-tailed through the top noise value’s fluctuation; the per-instance terms above can ' +
    'even be negative (s_k < 2c_k), so ε(t; N2) is not monotone in N2 in finite samples, only in the theory (C12a).',
  reference: '§3.1, §5.1 (5.3), §6; §11 C12 [AUDITED 2026-11-24]',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source: 'exact consequence of mode decoupling (C1) on shared data; 1e-9 relative covers float64 rounding',
  },
  instances: { ci: 100, thorough: 300 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
