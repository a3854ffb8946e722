import type { Mat } from '../linalg/mat.js';
import { initStudent } from '../network/init.js';
import { endToEnd } from '../network/product.js';
import { createRng, type Rng } from '../random/rng.js';
import { balancedFactorisation, balancedness } from './balanced.js';
import type { FinetuneConfig } from './config.js';
import { buildCovariance, type Covariance } from './covariance.js';
import { deepFineTunedMap, depthScalars, limitScale } from './depthMap.js';
import { frozenTrunkBound } from './frozenTrunk.js';
import { inputSpan } from './projection.js';
import { populationRisk } from './risk.js';
import { drawSamples } from './sample.js';
import { drawTeachers } from './teachers.js';
import { trainFrom, trainLoss } from './train.js';

/** One fine-tuning run, as `dlgen finetune --json` prints it (matrices flat, row-major). */
export interface FinetuneRun {
  /** The pretrained end-to-end map W_S (N3×N1). */
  readonly sourceMap: number[];
  /** The target teacher W_T (N3×N1). */
  readonly targetMap: number[];
  /** X, N1×P. */
  readonly inputs: number[];
  /** y = W_T X + z, N3×P. */
  readonly targets: number[];
  /** Σ, N1×N1. */
  readonly covariance: number[];
  /** The end-to-end map after fine-tuning (N3×N1). */
  readonly fineTunedMap: number[];
  /** (A5) (or (A1) at depth 1) for scalar outputs without frozen layers; otherwise null. */
  readonly theoryMap: number[] | null;
  /** α_N of (A5) when theoryMap is given. */
  readonly alpha: number | null;
  /** α_∞ of (A6) when theoryMap is given. */
  readonly alphaInfinity: number | null;
  /** tr (W − W_T)Σ(W − W_T)ᵀ of fineTunedMap. */
  readonly risk: number;
  /** The risk of theoryMap; with frozen layers, the least risk any reachable map has (the frozen-trunk bound). */
  readonly theoryRisk: number | null;
  /** max_l ‖W^{l+1ᵀ}W^{l+1} − W^l W^{lᵀ}‖_F of the pretrained net. */
  readonly balancedness: number;
  readonly epochs: number[];
  /** ½‖y − WX‖² at each recorded epoch. */
  readonly trainLoss: number[];
  /** Population risk at each recorded epoch. */
  readonly riskCurve: number[];
}

/** The whole `dlgen finetune` result. */
export interface FinetuneResult {
  readonly config: FinetuneConfig;
  readonly runs: FinetuneRun[];
  readonly mean: { readonly risk: number; readonly theoryRisk: number | null };
}

/** Runs every run of the config (run r draws from stream `<seed>/run<r>`); `onRun` is told when each run ends. */
export function runFinetune(config: FinetuneConfig, onRun?: (done: number, total: number) => void): FinetuneResult {
  const runs: FinetuneRun[] = [];
  for (let r = 0; r < config.runs; r++) {
    runs.push(finetuneRun(config, createRng(config.seed).fork(`run${r}`)));
    onRun?.(r + 1, config.runs);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const theory = runs.map((r) => r.theoryRisk).filter((t): t is number => t !== null);
  return {
    config,
    runs,
    mean: { risk: mean(runs.map((r) => r.risk)), theoryRisk: theory.length === runs.length ? mean(theory) : null },
  };
}

/** The pretrained layers: the balanced factorisation of W_S, or GD on P_S noiseless source samples from a small random init. */
export function pretrainedLayers(config: FinetuneConfig, source: Mat, covariance: Covariance, rng: Rng): Mat[] {
  if (config.pretrain === 'balanced') return balancedFactorisation(source, config.hiddenDims, rng.fork('balanced'));
  const samples = drawSamples(source, covariance, config.sourceExamples, 0, rng.fork('source'));
  const student = {
    hiddenDims: config.hiddenDims,
    init: 'random' as const,
    initScale: config.initScale,
    update: config.update,
  };
  const task = { spec: { inputDim: config.inputDim, outputDim: config.outputDim } } as Parameters<
    typeof initStudent
  >[0];
  const init = initStudent(task, student, rng.fork('init'));
  const every = Math.max(1, config.pretrainEpochs);
  return trainFrom(
    { x: samples.x, y: samples.y, reference: source },
    init,
    {
      learningRate: config.pretrainLearningRate,
      epochs: config.pretrainEpochs,
      reportEvery: every,
      update: config.update,
      stopLoss: 0,
      freezeLayers: 0,
    },
    () => {},
  ).layers;
}

/** One run: Σ, teachers, pretraining, target samples, fine-tuning through the engine, and the theory on the same arrays. */
export function finetuneRun(config: FinetuneConfig, rng: Rng): FinetuneRun {
  const covariance = buildCovariance(config.inputCovariance, config.inputDim, rng.fork('covariance'));
  const teachers = drawTeachers(config, rng.fork('teachers'));
  const pretrained = pretrainedLayers(config, teachers.source, covariance, rng.fork('pretrain'));
  const sourceMap = endToEnd(pretrained);
  const target = drawSamples(teachers.target, covariance, config.targetExamples, config.noiseStd, rng.fork('target'));
  const problem = { x: target.x, y: target.y, reference: teachers.target };
  const epochs: number[] = [];
  const losses: number[] = [];
  const riskCurve: number[] = [];
  const result = trainFrom(problem, pretrained, config, (epoch, _layers, w) => {
    epochs.push(epoch);
    losses.push(trainLoss(w, problem));
    riskCurve.push(populationRisk(w, teachers.target, covariance.sigma));
  });
  const fineTuned = endToEnd(result.layers);
  const depth = config.hiddenDims.length + 1;
  const span = inputSpan(target.x);
  let theoryMap: Mat | null = null;
  let alpha: number | null = null;
  let alphaInfinity: number | null = null;
  let theoryRisk: number | null = null;
  if (config.outputDim === 1 && config.freezeLayers === 0) {
    const theory = deepFineTunedMap(depth, sourceMap, target.y, span);
    theoryMap = theory.map;
    alpha = theory.alpha;
    alphaInfinity = limitScale(depthScalars(sourceMap, target.y, span));
    theoryRisk = populationRisk(theoryMap, teachers.target, covariance.sigma);
  } else if (config.freezeLayers > 0) {
    const trunk = endToEnd(pretrained.slice(0, config.freezeLayers));
    theoryRisk = frozenTrunkBound(trunk, teachers.target, covariance.sqrt).bestRisk;
  }
  return {
    sourceMap: Array.from(sourceMap.data),
    targetMap: Array.from(teachers.target.data),
    inputs: Array.from(target.x.data),
    targets: Array.from(target.y.data),
    covariance: Array.from(covariance.sigma.data),
    fineTunedMap: Array.from(fineTuned.data),
    theoryMap: theoryMap ? Array.from(theoryMap.data) : null,
    alpha,
    alphaInfinity,
    risk: populationRisk(fineTuned, teachers.target, covariance.sigma),
    theoryRisk,
    balancedness: balancedness(pretrained),
    epochs,
    trainLoss: losses,
    riskCurve,
  };
}
