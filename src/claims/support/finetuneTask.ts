import fc from 'fast-check';
import { arbFraction } from '../../arbitraries/primitives.js';
import { buildCovariance, type Covariance, type CovarianceSpec } from '../../finetune/covariance.js';
import { inputSpan, type InputSpan } from '../../finetune/projection.js';
import { drawSamples, type Samples } from '../../finetune/sample.js';
import { drawTeachers, type TeacherPair } from '../../finetune/teachers.js';
import type { Mat } from '../../linalg/mat.js';
import { createRng } from '../../random/rng.js';

/** The task fields a fine-tuning claim instance carries (FINETUNE.md §3): sizes, Σ, teachers, noise and the seed. */
export interface FtTaskSpec {
  readonly inputDim: number;
  readonly outputDim: number;
  /** P, target samples. */
  readonly examples: number;
  readonly covariance: CovarianceSpec;
  readonly sourceNorm: number;
  readonly targetScale: number;
  readonly targetAngle: number;
  readonly noiseStd: number;
  readonly seed: number;
}

/** A drawn fine-tuning task: Σ, W_S, W_T, P target samples and the span of X. */
export interface FtTask extends TeacherPair, Samples {
  readonly covariance: Covariance;
  readonly span: InputSpan;
}

/** Draws the instance's task through the fine-tuning layer's builders, from streams of `spec.seed`. */
export function drawFtTask(spec: FtTaskSpec): FtTask {
  const rng = createRng(spec.seed);
  const covariance = buildCovariance(spec.covariance, spec.inputDim, rng.fork('covariance'));
  const teachers = drawTeachers(spec, rng.fork('teachers'));
  const samples = drawSamples(teachers.target, covariance, spec.examples, spec.noiseStd, rng.fork('target'));
  return { covariance, ...teachers, ...samples, span: inputSpan(samples.x) };
}

/** The free draws of a covariance spectrum (resolved for a size and condition bound by `covarianceFor`). */
export interface CovarianceDraw {
  readonly kind: CovarianceSpec['kind'];
  readonly strength: number;
  readonly count: number;
}

/** Draws a spectrum kind and two fractions; `covarianceFor` turns them into a spectrum. */
export function arbCovarianceDraw(): fc.Arbitrary<CovarianceDraw> {
  return fc.record({
    kind: fc.constantFrom('identity' as const, 'powerLaw' as const, 'twoLevel' as const, 'exponential' as const),
    strength: arbFraction(),
    count: arbFraction(),
  });
}

/**
 * A spectrum of `n` eigenvalues with condition number ≤ maxCond: identity, power law i^(−a) with n^a ≤ maxCond,
 * two levels with high/low = maxCond^strength, or exponential with e^{r(n−1)} ≤ maxCond; Haar basis.
 */
export function covarianceFor(n: number, d: CovarianceDraw, maxCond: number): CovarianceSpec {
  const lnC = Math.log(maxCond);
  switch (d.kind) {
    case 'powerLaw':
      return { kind: 'powerLaw', exponent: n > 1 ? (d.strength * lnC) / Math.log(n) : 0 };
    case 'twoLevel':
      return {
        kind: 'twoLevel',
        high: Math.exp(d.strength * lnC),
        low: 1,
        highCount: Math.max(1, Math.round(d.count * n)),
      };
    case 'exponential':
      return { kind: 'exponential', rate: n > 1 ? (d.strength * lnC) / (n - 1) : 0 };
    default:
      return { kind: 'identity' };
  }
}

/** ‖a − b‖_F / ‖b‖_F. */
export function relativeDistance(a: Mat, b: Mat): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.data.length; i++) {
    d += (a.data[i] - b.data[i]) ** 2;
    s += b.data[i] ** 2;
  }
  return Math.sqrt(d / s);
}
