import { integrate } from '../../numerics/integrate.js';
import { mpDensity, mpEdges } from '../../rmt/marchenkoPastur.js';
import { mpCdf } from '../../rmt/mpCdf.js';
import {
  detectabilityThreshold,
  inputOverlapSq,
  noisySingularValue,
  outputOverlapSq,
  overlap,
  signalFromNoisy,
} from '../../rmt/spikedModel.js';
import { shrinkageStrength, shrinkageStrengthViaSignal } from '../shrinkage.js';
import { atMostOutcome, guarded, Worst, type CheckOutcome } from './checkOutcome.js';

type Law = (x: number, aspect: number, scale: number) => number;

/** The random-matrix functions C4 examines; replace one with a planted bug to see the check fail. */
export interface RandomMatrixImpl {
  readonly density: Law;
  readonly cdf: Law;
  readonly noisySingularValue: Law;
  readonly signalFromNoisy: Law;
  readonly outputOverlapSq: Law;
  readonly inputOverlapSq: Law;
  readonly overlap: Law;
  readonly shrinkage: Law;
  readonly shrinkageViaSignal: Law;
}

/** The library's implementation. */
export const libraryRandomMatrix: RandomMatrixImpl = {
  density: mpDensity,
  cdf: mpCdf,
  noisySingularValue,
  signalFromNoisy,
  outputOverlapSq,
  inputOverlapSq,
  overlap,
  shrinkage: shrinkageStrength,
  shrinkageViaSignal: shrinkageStrengthViaSignal,
};

const ASPECTS = [0.05, 0.25, 0.5, 0.75, 1];
const SCALES = [0.1, 1, 3];

/**
 * ∫_{lo}^{x} g(y) ρ(y) dy by x = lo + (hi − lo)(1 − cos φ)/2, which removes the square-root edge
 * behaviour of (4.1): an integration path independent of the θ-substitution used by the library.
 */
function densityIntegral(
  impl: RandomMatrixImpl,
  g: (x: number) => number,
  aspect: number,
  scale: number,
  upTo?: number,
): number {
  const { lower, upper } = mpEdges(aspect, scale);
  const half = 0.5 * (upper - lower);
  const top = upTo === undefined ? Math.PI : Math.acos(1 - (upTo - lower) / half);
  return integrate(
    (phi) => {
      const x = lower + half * (1 - Math.cos(phi));
      return g(x) * impl.density(x, aspect, scale) * half * Math.sin(phi);
    },
    0,
    top,
    { relTol: 1e-13, absTol: 1e-15 },
  ).value;
}

/**
 * Claim C4: the random-matrix formulas' analytic identities, for A ∈ [0.05, 1], σ_z ∈ [0.1, 3]: moments of
 * (4.1); CDF (4.2) = quadrature of (4.1); ŝ(θ_A) = edge; 𝒪 and both factors vanish at θ_A; ŝ > s̄ and
 * increasing above θ_A; ŝ − s̄ → 0, 𝒪 → 1 at the predicted rates; (4.8) = √((4.6)(4.7)); (4.5) inverts
 * (4.4); the two forms of (7.1) agree; A = 1 special forms; the output side (4.6) is the better
 * estimated one for A < 1 (§4.4). §4, §7, §11 C4.
 */
export function checkC4(candidate: RandomMatrixImpl = libraryRandomMatrix): CheckOutcome[] {
  const impl = guarded(candidate);
  const w = {
    mass: new Worst(),
    m2: new Worst(),
    m4: new Worst(),
    cdf: new Worst(),
    edge: new Worst(),
    vanish: new Worst(),
    inflated: new Worst(),
    increasing: new Worst(),
    asymptote: new Worst(),
    product: new Worst(),
    inverse: new Worst(),
    shrink: new Worst(),
    special: new Worst(),
    sides: new Worst(),
  };
  for (const a of ASPECTS) {
    for (const sigma of SCALES) {
      const at = () => `A=${a} σ=${sigma}`;
      // Quadrature accuracy ~1e-13 (ACCURACY.md): 1e-10 leaves a wide margin.
      w.mass.see(Math.abs(densityIntegral(impl, () => 1, a, sigma) - 1), at);
      w.m2.see(Math.abs(densityIntegral(impl, (x) => x * x, a, sigma) / (sigma * sigma) - 1), at);
      w.m4.see(Math.abs(densityIntegral(impl, (x) => x ** 4, a, sigma) / (sigma ** 4 * (1 + a)) - 1), at);
      const { lower, upper } = mpEdges(a, sigma);
      for (const f of [0.01, 0.2, 0.5, 0.8, 0.99]) {
        const x = lower + f * (upper - lower);
        w.cdf.see(
          Math.abs(impl.cdf(x, a, sigma) - densityIntegral(impl, () => 1, a, sigma, x)),
          () => `${at()} x=${x}`,
        );
      }
      const thr = detectabilityThreshold(a, sigma);
      w.edge.see(Math.abs(impl.noisySingularValue(thr, a, sigma) - upper) / sigma, at);
      // Just above θ_A: ŝ − edge is quadratic in the distance (dŝ/ds̄ = 0 there), the overlaps linear.
      w.edge.see(Math.abs(impl.noisySingularValue(thr * (1 + 1e-7), a, sigma) - upper) / sigma / 1e-9, at);
      for (const law of [impl.overlap, impl.outputOverlapSq, impl.inputOverlapSq]) {
        w.vanish.see(Math.abs(law(thr, a, sigma)), at);
        w.vanish.see(Math.abs(law(thr * (1 + 1e-9), a, sigma)) / 1e-7, at);
      }
      let prev = impl.noisySingularValue(thr, a, sigma);
      for (let r = 1.001; r < 1e3; r *= 1.1) {
        const sBar = thr * r;
        const sHat = impl.noisySingularValue(sBar, a, sigma);
        const here = () => `${at()} s̄=${sBar}`;
        w.inflated.see(sHat > sBar ? 0 : 1 + (sBar - sHat) / sBar, here);
        w.increasing.see(sHat > prev ? 0 : 1 + (prev - sHat) / sHat, here);
        prev = sHat;
        const u2 = impl.outputOverlapSq(sBar, a, sigma);
        const v2 = impl.inputOverlapSq(sBar, a, sigma);
        w.product.see(Math.abs(impl.overlap(sBar, a, sigma) - Math.sqrt(u2 * v2)), here);
        if (a < 1) w.sides.see(u2 > v2 ? 0 : 1 + (v2 - u2), here);
        w.inverse.see(Math.abs(impl.signalFromNoisy(sHat, a, sigma) - sBar) / sBar, here);
        w.shrink.see(Math.abs(impl.shrinkage(sHat, a, sigma) - impl.shrinkageViaSignal(sHat, a, sigma)) / sHat, here);
        if (a === 1) {
          w.special.see(Math.abs(sHat - (sBar + (sigma * sigma) / sBar)) / sHat, here);
          w.special.see(Math.abs(impl.overlap(sBar, a, sigma) - (1 - (sigma * sigma) / (sBar * sBar))), here);
          w.special.see(
            Math.abs(impl.shrinkage(sHat, a, sigma) - Math.sqrt(sHat * sHat - 4 * sigma * sigma)) / sHat,
            here,
          );
        }
      }
      // Large s̄: ŝ − s̄ = σ²(1 + A)/(2s̄)(1 + O(q)) and 1 − 𝒪 = (1 + A)q/2 (1 + O(q)), q = (σ/s̄)² = 1e-6.
      const big = 1e3 * sigma;
      const q = 1e-6;
      w.asymptote.see(
        Math.abs((impl.noisySingularValue(big, a, sigma) - big) / ((sigma * sigma * (1 + a)) / (2 * big)) - 1),
        at,
      );
      w.asymptote.see(Math.abs((1 - impl.overlap(big, a, sigma)) / (((1 + a) * q) / 2) - 1), at);
    }
  }
  const o = (name: string, x: Worst, tol: number) => atMostOutcome('C4', name, x.value, 0, tol, x.detail);
  return [
    o('∫ρ = 1', w.mass, 1e-10),
    o('∫x²ρ = σ² (relative)', w.m2, 1e-10),
    o('∫x⁴ρ = σ⁴(1 + A) (relative)', w.m4, 1e-10),
    o('CDF (4.2) = quadrature of (4.1)', w.cdf, 1e-10),
    o('ŝ(θ_A) = σ(1 + √A), and within 1e-9σ at θ_A(1 + 1e-7) (in units of those bounds)', w.edge, 1),
    o('𝒪, (4.6), (4.7) vanish at θ_A and are ≤ 1e-7 at θ_A(1 + 1e-9)', w.vanish, 1),
    o('ŝ > s̄ above θ_A (1 + relative shortfall where violated)', w.inflated, 0),
    o('ŝ strictly increasing above θ_A', w.increasing, 0),
    o('ŝ − s̄ ≈ σ²(1+A)/(2s̄), 1 − 𝒪 ≈ (1+A)q/2 at s̄ = 1e3σ (relative; next order is q = 1e-6)', w.asymptote, 1e-5),
    o('(4.8) = √((4.6)(4.7))', w.product, 1e-12),
    o('(4.5) inverts (4.4) (relative)', w.inverse, 1e-10),
    o('the two forms of the shrinker (7.1) agree (relative to ŝ)', w.shrink, 1e-10),
    o('A = 1: ŝ = s̄ + σ²/s̄, 𝒪 = 1 − σ²/s̄², shrinker √(ŝ² − 4σ²)', w.special, 1e-12),
    o('output side better estimated for A < 1: (4.6) > (4.7) above θ_A (§4.4)', w.sides, 0),
  ];
}
