import { describe, expect, it } from 'vitest';
import { matmul } from '../linalg/gemm.js';
import { zeros, type Mat } from '../linalg/mat.js';
import { frobeniusSq } from '../linalg/norms.js';
import { createRng } from '../random/rng.js';
import { jointModes, pairSingularValues, similarityMatrix } from './jointModes.js';
import { blockErrors, drawTaskPair, jointTeacherNormSq, type TaskPairSpec } from './taskPair.js';

const spec: TaskPairSpec = {
  inputDim: 30,
  outputDimA: 8,
  outputDimB: 12,
  examples: 30,
  singularValuesA: [4, 1.5],
  singularValuesB: [6, 2, 0.5],
  alignments: [0.7, 0.2],
  noiseStd: 1.3,
};

function maxDiff(a: Mat, b: Mat): number {
  let d = 0;
  for (let i = 0; i < a.data.length; i++) d = Math.max(d, Math.abs(a.data[i] - b.data[i]));
  return d;
}

function stacked(a: Mat, b: Mat): Mat {
  const out = zeros(a.rows + b.rows, a.cols);
  out.data.set(a.data, 0);
  out.data.set(b.data, a.data.length);
  return out;
}

describe('task pairs (§8.1)', () => {
  it('builds features with V̄_Aᵀ V̄_B = diag(q) exactly and orthonormal columns', () => {
    const pair = drawTaskPair(spec, createRng('features'));
    const q = pair.similarity;
    expect([q.rows, q.cols]).toEqual([2, 3]);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) expect(q.data[i * 3 + j]).toBeCloseTo(i === j ? spec.alignments[i] : 0, 14);
    for (const v of [pair.vBarA, pair.vBarB]) {
      const g = matmul(v, v, { transA: true });
      for (let i = 0; i < g.rows; i++)
        for (let j = 0; j < g.cols; j++) expect(g.data[i * g.cols + j]).toBeCloseTo(i === j ? 1 : 0, 14);
    }
  });

  it('gives the joint task the exact SVD (8.1) of [W̄_A; W̄_B] and the shared noise draw', () => {
    const pair = drawTaskPair(spec, createRng('joint'));
    expect(maxDiff(pair.joint.teacher, stacked(pair.a.teacher, pair.b.teacher))).toBeLessThan(1e-13);
    expect(Array.from(pair.joint.noise.data)).toEqual(Array.from(stacked(pair.a.noise, pair.b.noise).data));
    expect(maxDiff(pair.joint.y, stacked(pair.a.y, pair.b.y))).toBeLessThan(1e-13);
    const closed = [...pairSingularValues(4, 6, 0.7), ...pairSingularValues(1.5, 2, 0.2), 0.5].sort((x, y) => y - x);
    pair.joint.sBar.forEach((s, k) => expect(s).toBeCloseTo(closed[k], 12));
    expect(pair.joint.teacherNormSq).toBeCloseTo(jointTeacherNormSq(pair), 10);
    expect(jointTeacherNormSq(pair)).toBeCloseTo(16 + 2.25 + 36 + 4 + 0.25, 10);
  });

  it('draws Ū, the feature basis and the noise independently of q (common random numbers along a sweep)', () => {
    const a = drawTaskPair(spec, createRng(5));
    const b = drawTaskPair({ ...spec, alignments: [0, 1] }, createRng(5));
    expect(Array.from(a.parts.basis.data)).toEqual(Array.from(b.parts.basis.data));
    expect(Array.from(a.parts.noise.data)).toEqual(Array.from(b.parts.noise.data));
    expect(Array.from(a.vBarA.data)).toEqual(Array.from(b.vBarA.data));
    expect(
      maxDiff(similarityMatrix(b.vBarA, b.vBarB), { rows: 2, cols: 3, data: Float64Array.from([0, 0, 0, 0, 1, 0]) }),
    ).toBeLessThan(1e-15);
  });

  it('uses one-hot inputs for P = N1 and Haar orthonormal inputs otherwise (§1)', () => {
    expect(drawTaskPair(spec, createRng(1)).joint.sigma11Kind).toBe('identity');
    expect(drawTaskPair(spec, createRng(1)).joint.spec.inputs).toBe('onehot');
    const fewer = drawTaskPair({ ...spec, examples: 12 }, createRng(1));
    expect(fewer.joint.sigma11Kind).toBe('projector');
    expect([fewer.joint.x.rows, fewer.joint.x.cols]).toEqual([30, 12]);
    const more = drawTaskPair({ ...spec, examples: 60 }, createRng(1));
    expect(more.a.sigma11Kind).toBe('scaled');
    expect(more.b.sigma11Scale).toBe(2);
  });

  it('draws noise with variance σ_z²/N1 per entry (§0.3), one matrix for both tasks', () => {
    const big = { ...spec, inputDim: 200, examples: 200, outputDimA: 100, outputDimB: 100 };
    const pair = drawTaskPair(big, createRng('variance'));
    const n = pair.joint.noise.data.length;
    const v = frobeniusSq(pair.joint.noise) / n;
    expect(Math.abs(v / (1.3 ** 2 / 200) - 1)).toBeLessThan((5 * Math.SQRT2) / Math.sqrt(n));
  });

  it('measures block errors: 1 at W = 0, 0 at the teacher (8.3 t1_jcl, t2_jcl)', () => {
    const pair = drawTaskPair(spec, createRng(2));
    expect(blockErrors(pair, zeros(20, 30))).toEqual({ a: 1, b: 1 });
    const e = blockErrors(pair, stacked(pair.a.teacher, pair.b.teacher));
    expect([e.a, e.b]).toEqual([0, 0]);
  });

  it('refuses impossible pairs with the field named', () => {
    expect(() => drawTaskPair({ ...spec, inputDim: 4, examples: 4 }, createRng(1))).toThrow(
      /rank A \+ rank B = 5 exceeds inputDim = 4/,
    );
    expect(() => drawTaskPair({ ...spec, outputDimA: 1 }, createRng(1))).toThrow(
      /singularValuesA: rank 2 exceeds outputDimA = 1/,
    );
    expect(() => drawTaskPair({ ...spec, noiseStd: -1 }, createRng(1))).toThrow(/noiseStd/);
  });
});

describe('joint spectrum (8.1)', () => {
  it('is (√(s̄_A² + s̄_B²), 0) at q = 1, the two values at q = 0, and keeps the product s̄_+s̄_− = s̄_A s̄_B √(1 − q²)', () => {
    const [p1, m1] = pairSingularValues(3, 4, 1);
    expect(p1).toBeCloseTo(5, 14);
    expect(m1).toBe(0);
    expect(pairSingularValues(3, 4, 0)).toEqual([4, 3]);
    for (const q of [0.1, 0.5, 0.99]) {
      const [p, m] = pairSingularValues(0.7, 2.5, q);
      expect(p * m).toBeCloseTo(0.7 * 2.5 * Math.sqrt(1 - q * q), 13);
      expect(p * p + m * m).toBeCloseTo(0.49 + 6.25, 12);
    }
    expect(pairSingularValues(1e200, 1e-200, 0.5)[0]).toBeCloseTo(1e200, -190);
    expect(() => pairSingularValues(1, 1, 1.5)).toThrow(/q must be a number in \[0, 1\]/);
  });

  it('matches (8.1) for every pair, and its block shares sum to the rank of A', () => {
    const m = jointModes([4, 1.5], [6, 2, 0.5], [0.7, 0.2]);
    const closed = [...pairSingularValues(4, 6, 0.7), ...pairSingularValues(1.5, 2, 0.2), 0.5].sort((x, y) => y - x);
    m.singularValues.forEach((s, k) => expect(s).toBeCloseTo(closed[k], 13));
    expect(m.shareA.reduce((s, a) => s + a, 0)).toBeCloseTo(2, 13);
    // Σ_k s̄_k² a_k = ‖W̄_A‖²: the trace of the joint Gram's A block.
    expect(m.singularValues.reduce((s, x, k) => s + x * x * m.shareA[k], 0)).toBeCloseTo(16 + 2.25, 12);
  });

  it('sets the dropped value to exactly 0 at q = 1', () => {
    expect(jointModes([2], [3], [1]).singularValues[1]).toBe(0);
  });
});
