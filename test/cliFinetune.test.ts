import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/runCli.js';
import { referenceMap, referenceRisk, toRows } from './finetuneReference.js';
import { memoryIo } from './memoryIo.js';
import { configWriter } from './configFiles.js';

const configFile = configWriter('dlgen-finetune-');

async function finetune(raw: unknown, extra: string[] = []) {
  const io = memoryIo();
  const code = await runCli(['finetune', '--config', configFile(raw), '--json', ...extra], io);
  return { code, io, doc: code === 0 ? JSON.parse(io.out()) : undefined };
}

const relGap = (a: readonly number[], b: readonly number[]) =>
  Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / b.reduce((s, v) => s + v * v, 0));

// The bar: on depth 1, 3 and 5 with identity, power-law and two-level Σ, every printed number agrees with an
// independent implementation (test/finetuneReference.ts) computed from the printed arrays alone.
const BAR_CONFIGS = [
  {
    name: 'depth 1, identity Σ, noisy',
    depth: 1,
    config: {
      inputDim: 24,
      hiddenDims: [],
      targetExamples: 6,
      targetScale: 1.5,
      targetAngle: 0.6,
      noiseStd: 0.1,
      learningRate: 0.01,
      epochs: 100000,
      reportEvery: 500,
      runs: 2,
    },
  },
  {
    name: 'depth 3, power-law Σ',
    depth: 3,
    config: {
      inputDim: 24,
      hiddenDims: [24, 24],
      targetExamples: 5,
      targetScale: 2,
      targetAngle: 0.4,
      inputCovariance: { kind: 'powerLaw', exponent: 1 },
      learningRate: 0.002,
      epochs: 100000,
      reportEvery: 500,
      seed: 7,
    },
  },
  {
    name: 'depth 5, two-level Σ',
    depth: 5,
    config: {
      inputDim: 20,
      hiddenDims: [20, 20, 20, 20],
      targetExamples: 4,
      targetScale: 0.5,
      targetAngle: 1.2,
      inputCovariance: { kind: 'twoLevel', high: 10, low: 1, highCount: 4 },
      learningRate: 0.001,
      epochs: 100000,
      reportEvery: 500,
      seed: 3,
    },
  },
];

describe('dlgen finetune', () => {
  it.each(BAR_CONFIGS)(
    '$name: theoryMap, α, α_∞ and risk equal an independent implementation from the printed arrays',
    async ({ depth, config }) => {
      const { code, io, doc } = await finetune(config);
      expect(code, io.err()).toBe(0);
      expect(Object.keys(doc)).toEqual(['config', 'runs', 'mean']);
      const n1 = doc.config.inputDim;
      const p = doc.config.targetExamples;
      for (const run of doc.runs) {
        expect(Object.keys(run)).toEqual([
          'sourceMap',
          'targetMap',
          'inputs',
          'targets',
          'covariance',
          'fineTunedMap',
          'theoryMap',
          'alpha',
          'alphaInfinity',
          'risk',
          'theoryRisk',
          'balancedness',
          'epochs',
          'trainLoss',
          'riskCurve',
        ]);
        expect(run.inputs).toHaveLength(n1 * p);
        expect(run.covariance).toHaveLength(n1 * n1);
        const ref = referenceMap(
          toRows(run.sourceMap, 1, n1),
          toRows(run.inputs, n1, p),
          toRows(run.targets, 1, p),
          depth,
        );
        expect(relGap(run.theoryMap, ref.map)).toBeLessThan(1e-9);
        expect(Math.abs(run.alpha - ref.alpha)).toBeLessThan(1e-9 * ref.alpha);
        expect(Math.abs(run.alphaInfinity - ref.alphaInfinity)).toBeLessThan(1e-9 * ref.alphaInfinity);
        const risk = referenceRisk(run.fineTunedMap, run.targetMap, run.covariance, n1);
        expect(Math.abs(run.risk - risk)).toBeLessThan(1e-9 * risk);
        const theoryRisk = referenceRisk(ref.map, run.targetMap, run.covariance, n1);
        expect(Math.abs(run.theoryRisk - theoryRisk)).toBeLessThan(1e-9 * theoryRisk);
        expect(relGap(run.fineTunedMap, run.theoryMap)).toBeLessThan(depth === 1 ? 1e-8 : 1e-2);
        expect(run.balancedness).toBeLessThan(1e-12);
        expect(run.epochs[0]).toBe(0);
        expect(run.trainLoss).toHaveLength(run.epochs.length);
        expect(run.riskCurve.at(-1)).toBe(run.risk);
        expect(run.trainLoss.at(-1)).toBeLessThanOrEqual(doc.config.stopLoss);
      }
      expect(doc.mean.risk).toBeCloseTo(
        doc.runs.reduce((s: number, r: { risk: number }) => s + r.risk, 0) / doc.runs.length,
        14,
      );
    },
  );

  it.each([
    {
      name: 'identity Σ, target orthogonal to the source',
      inputCovariance: { kind: 'identity' },
      hiddenDims: [6, 6],
    },
    { name: 'power-law Σ', inputCovariance: { kind: 'powerLaw', exponent: 1 }, hiddenDims: [6, 6] },
    {
      name: 'two-level Σ, depth 5',
      inputCovariance: { kind: 'twoLevel', high: 10, low: 1, highCount: 3 },
      hiddenDims: [6, 6, 6, 6],
    },
  ])(
    'a frozen trunk ($name) never beats the frozen-trunk bound, which is W_TΣW_Tᵀ when W_TΣW_Sᵀ = 0',
    async ({ inputCovariance, hiddenDims }) => {
      const config = {
        inputDim: 12,
        hiddenDims,
        targetExamples: 24,
        freezeLayers: hiddenDims.length,
        targetAngle: Math.PI / 2,
        inputCovariance,
        learningRate: 0.005,
        epochs: 3000,
        reportEvery: 500,
      };
      const { code, io, doc } = await finetune(config);
      expect(code, io.err()).toBe(0);
      const run = doc.runs[0];
      const n1 = 12;
      expect(run.theoryMap).toBeNull();
      expect(run.alpha).toBeNull();
      const tt = referenceRisk(new Array(n1).fill(0), run.targetMap, run.covariance, n1); // W_TΣW_Tᵀ
      const st = run.targetMap.reduce(
        (s: number, t: number, i: number) =>
          s +
          t *
            run.covariance
              .slice(i * n1, (i + 1) * n1)
              .reduce((u: number, c: number, j: number) => u + c * run.sourceMap[j], 0),
        0,
      );
      if (inputCovariance.kind === 'identity') {
        expect(Math.abs(st)).toBeLessThan(1e-12 * tt);
        expect(Math.abs(run.theoryRisk - tt)).toBeLessThan(1e-9 * tt);
      } else {
        const ss = referenceRisk(new Array(n1).fill(0), run.sourceMap, run.covariance, n1);
        expect(Math.abs(run.theoryRisk - (tt - (st * st) / ss))).toBeLessThan(1e-9 * tt);
      }
      for (const r of run.riskCurve) expect(r).toBeGreaterThanOrEqual(run.theoryRisk * (1 - 1e-12));
      // The trunk really stayed: the fine-tuned map is a multiple of the source map.
      const c = run.fineTunedMap[0] / run.sourceMap[0];
      expect(
        relGap(
          run.fineTunedMap,
          run.sourceMap.map((v: number) => c * v),
        ),
      ).toBeLessThan(1e-10);
    },
  );

  it('pretrain "trained": GD from a small init on source samples, nearly balanced, then fine-tuning lands near (A5) of the pretrained map', async () => {
    const config = {
      inputDim: 8,
      hiddenDims: [8, 8],
      targetExamples: 3,
      targetScale: 1.5,
      targetAngle: 0.6,
      pretrain: 'trained',
      sourceExamples: 16,
      initScale: 1e-6,
      pretrainEpochs: 50000,
      pretrainLearningRate: 0.002,
      learningRate: 0.002,
      epochs: 100000,
      reportEvery: 500,
    };
    const { code, io, doc } = await finetune(config);
    expect(code, io.err()).toBe(0);
    const run = doc.runs[0];
    const sourceNorm = Math.hypot(...run.sourceMap);
    expect(Math.abs(sourceNorm - 1)).toBeLessThan(1e-3); // the source task was learnt (‖W_S‖ = 1)
    expect(run.balancedness).toBeLessThan(1e-2 * sourceNorm ** (2 / 3));
    expect(relGap(run.fineTunedMap, run.theoryMap)).toBeLessThan(1e-2);
  });

  it('same seed, same bytes; --runs and --seed override the config', async () => {
    const config = { inputDim: 10, hiddenDims: [10], targetExamples: 3, epochs: 3000, reportEvery: 1000, runs: 1 };
    const a = await finetune(config, ['--runs', '2', '--seed', '5']);
    const b = await finetune(config, ['--runs', '2', '--seed', '5']);
    expect(a.io.out()).toBe(b.io.out());
    expect(a.doc.config.runs).toBe(2);
    expect(a.doc.config.seed).toBe(5);
    expect(a.doc.runs[0].inputs).not.toEqual(a.doc.runs[1].inputs);
  });

  it('prints a short summary without --json', async () => {
    const io = memoryIo();
    expect(
      await runCli(
        [
          'finetune',
          '--config',
          configFile({ inputDim: 8, hiddenDims: [8], targetExamples: 3, epochs: 2000, reportEvery: 1000 }),
        ],
        io,
      ),
    ).toBe(0);
    expect(io.out()).toMatch(/dlgen finetune: N1=8 hidden=\[8\]/);
    expect(io.out()).toMatch(/mean risk/);
  });

  it('bad input exits 2 naming the field; divergence exits 3 naming the learning rate', async () => {
    for (const [raw, field] of [
      [{ hiddenDims: [40, 0] }, 'hiddenDims[1]'],
      [{ inputCovariance: { kind: 'powerLaw' } }, 'inputCovariance.exponent'],
      [{ inputCovariance: { kind: 'cubic' } }, 'inputCovariance.kind'],
      [{ inputCovariance: { kind: 'identity', rate: 1 } }, 'inputCovariance.rate'],
      [{ freezeLayers: 3 }, 'freezeLayers'],
      [{ targetExampels: 3 }, 'targetExampels'],
      [{ outputDim: 3, hiddenDims: [2] }, 'hiddenDims[0]'],
      [{ inputCovariance: { kind: 'twoLevel', high: 2, low: 1, highCount: 50 } }, 'inputCovariance.highCount'],
      [{ inputDim: 1, targetAngle: 1 }, 'targetAngle'],
      [{ inputCovariance: 5 }, 'inputCovariance'],
      [{ inputCovariance: { kind: 'exponential', rate: 50 } }, 'inputCovariance.rate'],
      [{ inputCovariance: { kind: 'twoLevel', high: 0, low: 1, highCount: 2 } }, 'inputCovariance.high'],
      [{ inputCovariance: { kind: 'identity', basis: 'random' } }, 'inputCovariance.basis'],
      [{ inputDim: 4096, targetExamples: 1000000 }, 'inputDim'],
      [[1, 2], '(config)'],
    ] as const) {
      const { code, io } = await finetune(raw);
      expect(code, JSON.stringify(raw)).toBe(2);
      expect(io.err()).toContain(field);
    }
    const { code, io } = await finetune({
      inputDim: 10,
      hiddenDims: [10],
      targetExamples: 3,
      targetScale: 2,
      learningRate: 5,
      epochs: 1000,
      reportEvery: 100,
    });
    expect(code).toBe(3);
    expect(io.err()).toMatch(/learningRate/);
  });
});
