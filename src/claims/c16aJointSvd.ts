/**
 * C16a: the nonzero singular values of the joint teacher [W̄_A; W̄_B] are (8.1) for each mode pair, its right singular
 * vectors lie in span{v̄_A, v̄_B}, and values, block shares and feature overlaps depend only on (s̄_A, s̄_B, q), not on
 * the output modes, the input basis or the sizes (exact, §8.1–§8.2).
 */
import fc from 'fast-check';
import { arbSeed, arbUniform, fractionToInt } from '../arbitraries/primitives.js';
import { arbTaskPair, type TaskPairInstance } from '../arbitraries/taskPair.js';
import { fromFactors, zeros, type Mat } from '../linalg/mat.js';
import { svd } from '../linalg/svd.js';
import { createRng } from '../random/rng.js';
import { jointModes, pairSingularValues } from '../transfer/jointModes.js';
import { drawTaskPairParts, inputFeatures } from '../transfer/taskPair.js';
import { twoSided, worstOf, type Claim, type Scale, type PlantedBug } from './claim.js';

/** A C16a instance: a pair, and the sizes and seed of a second draw with the same (s̄_A, s̄_B, q). */
export interface C16aSpec {
  readonly pair: TaskPairInstance;
  readonly other: {
    readonly inputDim: number;
    readonly outputDimA: number;
    readonly outputDimB: number;
    readonly seed: number;
  };
}

/** What C16a exercises: the construction of the input features and the joint spectrum (8.1). */
export interface C16aImpl {
  readonly features: typeof inputFeatures;
  readonly modes: typeof jointModes;
}

/** Float64 rounding of an SVD of entries of size s̄_max is ~1e-15·s̄_max; 1e-10 leaves a wide margin (THEORY.md §11 C16a). */
const TOL = 1e-10;
/** Modes closer than this (relative) to a neighbour are degenerate: their vectors are not unique and are not compared. */
const GAP = 1e-4;

function arbitrary(scale: Scale): fc.Arbitrary<C16aSpec> {
  const maxN1 = scale === 'ci' ? 30 : 120;
  const pair = arbTaskPair({
    inputDim: [2, maxN1],
    outputDim: [1, scale === 'ci' ? 10 : 40],
    maxRank: 3,
    snr: [0.01, 100],
    noiseStd: [0, 0],
    maxJointAspect: 2,
  });
  return fc
    .record({ pair, f: fc.array(arbUniform(), { minLength: 3, maxLength: 3 }), seed: arbSeed() })
    .map(({ pair: p, f, seed }) => {
      const rA = p.singularValuesA.length;
      const rB = p.singularValuesB.length;
      return {
        pair: p,
        other: {
          inputDim: fractionToInt(f[0], rA + rB, maxN1),
          outputDimA: fractionToInt(f[1], rA, rA + 12),
          outputDimB: fractionToInt(f[2], rB, rB + 12),
          seed,
        },
      };
    });
}

/** The stacked teacher [W̄_A; W̄_B] and the feature matrix [V̄_A V̄_B] of a draw, built with `impl.features`. */
function teacherOf(pair: TaskPairInstance, impl: C16aImpl): { w: Mat; features: Mat; n3a: number } {
  const parts = drawTaskPairParts({ ...pair }, createRng(pair.seed));
  const rA = pair.singularValuesA.length;
  const rB = pair.singularValuesB.length;
  const { vBarA, vBarB } = impl.features(parts.basis, rA, rB, pair.alignments);
  const wa = fromFactors(parts.uBarA, pair.singularValuesA, vBarA);
  const wb = fromFactors(parts.uBarB, pair.singularValuesB, vBarB);
  const w = { rows: wa.rows + wb.rows, cols: wa.cols, data: new Float64Array(wa.data.length + wb.data.length) };
  w.data.set(wa.data, 0);
  w.data.set(wb.data, wa.data.length);
  const features = zeros(pair.inputDim, rA + rB);
  for (let n = 0; n < pair.inputDim; n++) {
    for (let i = 0; i < rA; i++) features.data[n * (rA + rB) + i] = vBarA.data[n * rA + i];
    for (let j = 0; j < rB; j++) features.data[n * (rA + rB) + rA + j] = vBarB.data[n * rB + j];
  }
  return { w, features, n3a: pair.outputDimA };
}

/** (8.1) per mode pair, plus the unpaired values, descending. */
export function closedFormSpectrum(sA: readonly number[], sB: readonly number[], q: readonly number[]): number[] {
  const out: number[] = [];
  const pairs = Math.min(sA.length, sB.length);
  for (let i = 0; i < pairs; i++) out.push(...pairSingularValues(sA[i], sB[i], q[i]));
  out.push(...sA.slice(pairs), ...sB.slice(pairs));
  return out.sort((x, y) => y - x);
}

function check(spec: C16aSpec, impl: C16aImpl) {
  const { pair } = spec;
  const { singularValuesA: sA, singularValuesB: sB, alignments: q } = pair;
  const r = sA.length + sB.length;
  const closed = closedFormSpectrum(sA, sB, q);
  const top = closed[0];
  const first = teacherOf(pair, impl);
  const dec = svd(first.w);
  const predicted = impl.modes(sA, sB, q);
  let numericGap = 0;
  let implGap = 0;
  for (let k = 0; k < dec.s.length; k++) {
    const c = k < r ? closed[k] : 0;
    numericGap = Math.max(numericGap, Math.abs(dec.s[k] - c) / top);
    if (k < r) implGap = Math.max(implGap, Math.abs(predicted.singularValues[k] - c) / top);
  }
  // Right singular vectors of the nonzero modes lie in span{v̄_A, v̄_B}.
  const span = svd(first.features);
  const basis = span.s.filter((x) => x > 1e-10 * span.s[0]).length;
  let outside = 0;
  const unique = (s: Float64Array, k: number) =>
    s[k] > 1e-8 * top && (k === 0 || s[k - 1] - s[k] > GAP * top) && (k + 1 >= s.length || s[k] - s[k + 1] > GAP * top);
  for (let k = 0; k < r; k++) {
    if (!(dec.s[k] > 1e-8 * top)) continue;
    // ‖ṽ_k − Σ_b (ṽ_k·e_b) e_b‖ over an orthonormal basis e_b of the span (not √(1 − Σ d²), which loses half the digits).
    const res = Float64Array.from({ length: pair.inputDim }, (_, n) => dec.v.data[n * dec.v.cols + k]);
    for (let b = 0; b < basis; b++) {
      let d = 0;
      for (let n = 0; n < pair.inputDim; n++) d += dec.v.data[n * dec.v.cols + k] * span.u.data[n * span.u.cols + b];
      for (let n = 0; n < pair.inputDim; n++) res[n] -= d * span.u.data[n * span.u.cols + b];
    }
    // A computed singular vector is accurate to ~u‖W‖/gap (Wedin), the span's basis to ~u/σ_min(features):
    // allow 1e-13 times those condition numbers on top of TOL.
    const gapK = Math.min(
      dec.s[k],
      k > 0 ? dec.s[k - 1] - dec.s[k] : Infinity,
      k + 1 < dec.s.length ? dec.s[k] - dec.s[k + 1] : Infinity,
    );
    const allowed = TOL + 1e-13 * (top / gapK + span.s[0] / span.s[basis - 1]);
    outside = Math.max(outside, (Math.hypot(...res) / allowed) * TOL);
  }
  // Second draw: other sizes, seed, Ū and basis; same (s̄_A, s̄_B, q).
  const second = teacherOf({ ...pair, ...spec.other, examples: spec.other.inputDim }, impl);
  const dec2 = svd(second.w);
  let valueGap = 0;
  for (let k = 0; k < r; k++) valueGap = Math.max(valueGap, Math.abs(dec.s[k] - dec2.s[k]) / top);
  // For separated modes: block shares ‖P_A ũ_k‖² (against the implementation's a_k) and the
  // overlaps ⟨ṽ_k, v̄⟩ with every feature (between the two draws, up to the mode's sign).
  let shareGap = 0;
  let overlapGap = 0;
  for (let k = 0; k < r; k++) {
    if (!unique(dec.s, k) || !unique(dec2.s, k)) continue;
    let share = 0;
    for (let i = 0; i < first.n3a; i++) share += dec.u.data[i * dec.u.cols + k] ** 2;
    shareGap = Math.max(shareGap, Math.abs(share - predicted.shareA[k]));
    const o1 = overlaps(dec.v, k, first.features);
    const o2 = overlaps(dec2.v, k, second.features);
    const sign = Math.sign(o1.reduce((s, x, i) => s + x * o2[i], 0)) || 1;
    for (let i = 0; i < r; i++) overlapGap = Math.max(overlapGap, Math.abs(o1[i] - sign * o2[i]));
  }
  return worstOf([
    twoSided(
      numericGap,
      0,
      TOL,
      'largest |s_k(svd of [W̄_A; W̄_B]) − (8.1)| / s̄_max (and s_k ≈ 0 beyond rank r_A + r_B)',
    ),
    twoSided(implGap, 0, TOL, 'largest |jointModes s̄_k − (8.1)| / s̄_max'),
    twoSided(
      outside,
      0,
      TOL,
      'largest norm of a right singular vector outside span{v̄_A, v̄_B}, scaled to TOL by its conditioning allowance',
    ),
    twoSided(valueGap, 0, TOL, 'largest singular-value gap between two draws with other Ū, V̄, N1, N3 / s̄_max'),
    twoSided(shareGap, 0, 1e-8, 'largest |‖P_A ũ_k‖² − a_k| over separated modes'),
    twoSided(overlapGap, 0, 1e-8, 'largest gap of ⟨ṽ_k, v̄⟩ between the two draws (separated modes)'),
  ]);
}

function overlaps(v: Mat, k: number, features: Mat): number[] {
  const out: number[] = [];
  for (let f = 0; f < features.cols; f++) {
    let d = 0;
    for (let n = 0; n < features.rows; n++) d += v.data[n * v.cols + k] * features.data[n * features.cols + f];
    out.push(d);
  }
  return out;
}

const implementation: C16aImpl = { features: inputFeatures, modes: jointModes };

const plantedBugs: readonly PlantedBug<C16aImpl>[] = [
  {
    name: 'shared-output heuristic (§12 D9)',
    description:
      'takes the top joint value √(s̄_A² + s̄_B² + 2 s̄_A s̄_B q), the value if both tasks shared one output space',
    implementation: {
      features: inputFeatures,
      modes: (sA, sB, q) => {
        const m = jointModes(sA, sB, q);
        const values = [...m.singularValues];
        values[0] = Math.sqrt(sA[0] ** 2 + sB[0] ** 2 + 2 * sA[0] * sB[0] * q[0]);
        return { ...m, singularValues: values };
      },
    },
  },
  {
    name: 'pre-fix feature mixing (§12 D11)',
    description:
      'builds v̄_B = √q r_1 + (1 − √q) r_2 (not unit norm, overlap ≠ q), as the pair generator did before commit 3dabf87',
    implementation: {
      modes: jointModes,
      features: mixedFeatures,
    },
  },
  {
    name: 'q where q² belongs',
    description:
      'evaluates the joint spectrum with √q in the coefficient matrix (off-diagonal of G scaled by √q instead of q)',
    implementation: { features: inputFeatures, modes: (sA, sB, q) => jointModes(sA, sB, q.map(Math.sqrt)) },
  },
  {
    name: 'shares from the right vectors',
    description: 'computes a_k from the input-side coefficients instead of the output-side ones',
    implementation: {
      features: inputFeatures,
      modes: (sA, sB, q) => {
        const m = jointModes(sA, sB, q);
        const r = sA.length + sB.length;
        const shareA = m.shareA.map((_, k) => {
          let a = 0;
          for (let i = 0; i < sA.length; i++) a += m.factors.v.data[i * r + k] ** 2;
          return a;
        });
        return { ...m, shareA };
      },
    },
  },
];

/** C16a joint-teacher SVD (exact, §8.2 (8.1)). */
export const c16aJointSvd: Claim<C16aSpec, C16aImpl> = {
  id: 'C16a',
  name: 'joint-teacher SVD in closed form',
  statement:
    'The nonzero singular values of the joint teacher [W̄_A; W̄_B] are (8.1) for each mode pair (plus the unpaired values), its right ' +
    'singular vectors lie in span{v̄_A, v̄_B}, and values, block shares ‖P_A ũ_k‖² and feature overlaps ⟨ṽ_k, v̄⟩ depend only on (s̄_A, s̄_B, q): ' +
    'not on the output modes Ū_A, Ū_B, the input basis or the sizes.',
  reference: '§8.1–§8.2 (8.1); §11 C16(a); §12 D9, D11',
  kind: 'exact',
  falseFailure: {
    perInstance: 0,
    source: 'exact identity; 1e-10 relative to s̄_max covers float64 SVD rounding (~1e-15)',
  },
  instances: { ci: 100, thorough: 1000 },
  arbitrary,
  implementation,
  check,
  plantedBugs,
};

/** The D11 bug: v̄_B,j = √q_j r_j + (1 − √q_j) r_{r_A+j}. */
function mixedFeatures(basis: Mat, rA: number, rB: number, q: readonly number[]): { vBarA: Mat; vBarB: Mat } {
  const { vBarA } = inputFeatures(basis, rA, rB, q);
  const vBarB = zeros(basis.rows, rB);
  for (let n = 0; n < basis.rows; n++) {
    for (let j = 0; j < rB; j++) {
      const other = basis.data[n * basis.cols + rA + j];
      vBarB.data[n * rB + j] =
        j < q.length ? Math.sqrt(q[j]) * basis.data[n * basis.cols + j] + (1 - Math.sqrt(q[j])) * other : other;
    }
  }
  return { vBarA, vBarB };
}
