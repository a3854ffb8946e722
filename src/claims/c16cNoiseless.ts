/**
 * C16c: with σ_z = 0 and orthogonal features (q = 0), the joint student's A rows track the A-alone student at every step
 * and |T^{A←B}| ≤ 8mε²/‖W̄_A‖²: "zero transfer at orthogonal features" holds in this noiseless form (exact, §8.5).
 */
import fc from 'fast-check';
import { arbLogUniform, arbUniform, fractionToInt } from '../arbitraries/primitives.js';
import { arbTaskPair, type TaskPairInstance } from '../arbitraries/taskPair.js';
import type { UpdateOrder } from '../config/simulationConfig.js';
import { haarColumns } from '../linalg/haar.js';
import { clone, zeros, type Mat } from '../linalg/mat.js';
import { frobenius } from '../linalg/norms.js';
import type { StudentSpec, TrainingSpec } from '../network/student.js';
import { createRng } from '../random/rng.js';
import { pairRunRecord } from '../transfer/pairRecord.js';
import { assembleTaskPair, drawTaskPairParts } from '../transfer/taskPair.js';
import { trainPairRun } from '../transfer/trainPairRun.js';
import { atMost, worstOf, type Claim, type Scale, type PlantedBug } from './claim.js';
import { modeStiffness } from '../dynamics/modeStiffness.js';

/** A C16c instance: a noiseless pair with orthogonal features, and training-aligned students wide enough for both tasks. */
export interface C16cSpec {
  readonly pair: TaskPairInstance;
  readonly hiddenDims: readonly number[];
  readonly update: UpdateOrder;
  readonly initScale: number;
  /** λ = lrFactor·0.1/(D_w s̄_max^{2−2/D_w}). */
  readonly lrFactor: number;
  readonly steps: number;
}

/** What C16c exercises: the pair assembly (features, blocks) and the three-student training with its block errors. */
export interface C16cImpl {
  readonly assemble: typeof assembleTaskPair;
  readonly run: typeof trainPairRun;
}

function arbitrary(scale: Scale): fc.Arbitrary<C16cSpec> {
  const ci = scale === 'ci';
  return fc
    .record({
      pair: arbTaskPair({
        inputDim: [2, ci ? 16 : 60],
        outputDim: [1, ci ? 8 : 30],
        maxRank: 2,
        snr: [0.1, 10],
        noiseStd: [0, 0],
        alignment: 0,
      }),
      depth: fc.integer({ min: 2, max: 3 }),
      widths: fc.array(arbUniform(), { minLength: 2, maxLength: 2 }),
      update: fc.constantFrom<UpdateOrder>('sequential', 'simultaneous'),
      initScale: arbLogUniform(1e-8, 1e-3),
      lrFactor: arbUniform(0.1, 1),
      steps: fc.integer({ min: 1, max: ci ? 400 : 3000 }),
    })
    .map((d) => {
      const p = d.pair;
      const rank = p.singularValuesA.length + p.singularValuesB.length;
      const n3 = p.outputDimA + p.outputDimB;
      // N2 ≥ r_A + r_B: a narrower joint student cannot hold both tasks' modes (capacity, not transfer).
      return {
        pair: p,
        hiddenDims: d.widths.slice(0, d.depth - 1).map((f) => fractionToInt(f, rank, n3 + 2)),
        update: d.update,
        initScale: d.initScale,
        lrFactor: d.lrFactor,
        steps: d.steps,
      };
    });
}

/**
 * With σ_z = 0 and V̄_Aᵀ V̄_B = 0 the joint data's modes are exactly A's and B's, so the joint
 * student's A rows follow the A-alone student except for the null modes the aligned init seeds with
 * strength ≤ ε: ‖W_J[A] − W_A‖_F ≤ 2√m ε (m = narrowest width, each null mode decays from ε), and each
 * error differs by at most (‖Δ‖² + 2‖Δ‖·√m ε)/‖W̄_A‖² ≤ 8mε²/‖W̄_A‖², which bounds |T| (THEORY.md: 1e-6 at ε = 1e-5).
 * Rounding adds 1e-9 relative to ‖W‖ (tracking) and 1e-10 (errors).
 */
function check(spec: C16cSpec, impl: C16cImpl) {
  const p = spec.pair;
  const pair = impl.assemble(p, drawTaskPairParts(p, createRng(p.seed)));
  const depth = spec.hiddenDims.length + 1;
  const sMax = Math.max(...p.singularValuesA, ...p.singularValuesB, spec.initScale);
  const training: TrainingSpec = {
    learningRate: (spec.lrFactor * 0.1) / modeStiffness(sMax, depth),
    epochs: spec.steps,
    reportEvery: Math.max(1, Math.floor(spec.steps / 20)),
  };
  const student: StudentSpec = {
    hiddenDims: spec.hiddenDims,
    init: 'aligned',
    initScale: spec.initScale,
    update: spec.update,
  };
  const n1 = p.inputDim;
  const n3a = p.outputDimA;
  const joint: Mat[] = [];
  const alone: Mat[] = [];
  const record = impl.run(pair, student, training, createRng(p.seed).fork('students'), {
    observe: (who, _t, w) => {
      if (who === 'joint') joint.push({ rows: n3a, cols: n1, data: w.data.slice(0, n3a * n1) });
      else if (who === 'a') alone.push(clone(w));
    },
  });
  const m = Math.min(n1, p.outputDimA + p.outputDimB, ...spec.hiddenDims);
  const eps = spec.initScale;
  let track = 0;
  let where = '';
  joint.forEach((wj, i) => {
    const wa = alone[i];
    const diff = zeros(n3a, n1);
    for (let k = 0; k < diff.data.length; k++) diff.data[k] = wj.data[k] - wa.data[k];
    const allowed = 2 * Math.sqrt(m) * eps + 1e-9 * Math.max(frobenius(wa), frobenius(wj), eps);
    const r = frobenius(diff) / allowed;
    if (!(r <= track)) {
      track = r;
      where = `record ${i}: ‖W_J[A] − W_A‖ = ${frobenius(diff)}, allowed ${allowed}`;
    }
  });
  const normA = pair.a.teacherNormSq;
  const tBound = (8 * m * eps * eps) / normA + 1e-10;
  return worstOf([
    atMost(track, 0, 1, `largest ‖W_J[A rows] − W_A‖ over its allowance 2√m·ε + rounding: ${where}`),
    atMost(Math.abs(record.transfer), 0, tBound, `|T^{A←B}| against 8mε²/‖W̄_A‖² + 1e-10 = ${tBound}`),
  ]);
}

/** The joint student's error on A normalised by the joint ‖W̄‖² (`norm_loss`'s normaliser) instead of ‖W̄_A‖². */
const wrongNormaliser: C16cImpl['run'] = (pair, student, training, rng, options) => {
  const r = trainPairRun(pair, student, training, rng, options);
  const f = pair.a.teacherNormSq / (pair.a.teacherNormSq + pair.b.teacherNormSq);
  return pairRunRecord(pair, { ...r, jointTestErrorA: r.jointTestErrorA.map((e) => e * f) });
};

/** B's features drawn independently of A's (a fresh Haar block), so q = 0 only on average, not exactly (§8.1). */
const independentFeatures: C16cImpl['assemble'] = (spec, parts) => {
  const rA = spec.singularValuesA.length;
  const rB = spec.singularValuesB.length;
  const fresh = haarColumns(spec.inputDim, rB, createRng(`independent-${parts.basis.data[0]}`));
  const basis = zeros(spec.inputDim, rA + rB);
  for (let n = 0; n < spec.inputDim; n++) {
    for (let i = 0; i < rA; i++) basis.data[n * (rA + rB) + i] = parts.basis.data[n * parts.basis.cols + i];
    for (let j = 0; j < rB; j++) basis.data[n * (rA + rB) + rA + j] = fresh.data[n * rB + j];
  }
  return assembleTaskPair(spec, { ...parts, basis });
};

const implementation: C16cImpl = { assemble: assembleTaskPair, run: trainPairRun };

const plantedBugs: readonly PlantedBug<C16cImpl>[] = [
  {
    name: 'A error on the joint normaliser',
    description: "normalises the joint student's error on A by ‖W̄‖² instead of ‖W̄_A‖²",
    implementation: { assemble: assembleTaskPair, run: wrongNormaliser },
  },
  {
    name: 'independent features',
    description: "draws B's input features independently of A's, so they are orthogonal only on average",
    implementation: { assemble: independentFeatures, run: trainPairRun },
  },
];

/** C16c zero transfer at orthogonal features without noise (exact up to O(ε²), §8.5). */
export const c16cNoiseless: Claim<C16cSpec, C16cImpl> = {
  id: 'C16c',
  name: 'zero transfer at orthogonal features without noise',
  statement:
    'With σ_z = 0 and orthogonal input features (q = 0), for any SNRs and training-aligned students with N2 ≥ r_A + r_B, the joint ' +
    "student's A rows track the A-alone student at every step (up to the ε-sized null modes of the aligned init) and |T^{A←B}| ≤ 8mε²/‖W̄_A‖². " +
    '"Transfer is zero under orthogonal features" is true in this noiseless form; with noise it is not (see C16d).',
  reference: '§8.5 (a); §11 C16(c); §12 T1',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source: 'exact up to the derived O(ε²) bound; rounding allowance 1e-9 relative (observed ~1e-14)',
  },
  instances: { ci: 100, thorough: 400 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};
