import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { modeStrength } from '../dynamics/modeStrength.js';
import { effectiveSpike } from '../rmt/effectiveSpike.js';
import { mpCdf, mpQuantile } from '../rmt/mpCdf.js';
import { mpMoment } from '../rmt/mpMoments.js';
import {
  detectabilityThreshold,
  inputOverlapSq,
  noisySingularValue,
  outputOverlapSq,
  overlap,
  signalFromNoisy,
} from '../rmt/spikedModel.js';
import { buildAsymptoticModel, type TheorySpec } from './asymptoticModel.js';
import { shrinkagePredictedError, shrinkageStrength } from './shrinkage.js';
import { theoryPoint } from './theoryErrors.js';

/**
 * The library against fixtures/reference/*.json, written by fixtures/reference/generate.py: an
 * independent mpmath implementation (30–40 digits, MP masses by quadrature of (4.1) in x instead of
 * (4.2)/θ, D_w = 4 by (3.8), other depths by quadrature of (3.7), THEORY.md's printed algebraic forms).
 * Tolerances: 1e-9 relative for scalars (the library is accurate to ~1e-13, ACCURACY.md), 1e-6
 * relative for the error curves (as the project asks; observed ≤ 1e-10).
 */
const load = (name: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/reference/${name}`, import.meta.url)), 'utf8'));

/** |a − b| ≤ rel·|b| + abs. */
function close(a: number, b: number, rel: number, abs = 1e-12): boolean {
  return Math.abs(a - b) <= rel * Math.abs(b) + abs;
}

describe('reference fixtures (independent mpmath implementation)', () => {
  it('records the command line that regenerates them', () => {
    for (const f of ['spiked.json', 'dynamics.json', 'curves.json'])
      expect(load(f).meta.generatedBy).toBe('python3 fixtures/reference/generate.py');
  });

  it('threshold, ŝ, inverse (4.5), overlaps (4.6)–(4.8) and the shrinker (7.1) agree to 1e-9', () => {
    const { modes } = load('spiked.json');
    let worst = 0;
    for (const r of modes) {
      const { aspect: a, noiseStd: s, sBar: b } = r;
      const pairs: [number, number][] = [
        [detectabilityThreshold(a, s), r.threshold],
        [noisySingularValue(b, a, s), r.sHat],
        [outputOverlapSq(b, a, s), r.outputOverlapSq],
        [inputOverlapSq(b, a, s), r.inputOverlapSq],
        [overlap(b, a, s), r.overlap],
      ];
      if (r.signalFromNoisy !== undefined)
        pairs.push([signalFromNoisy(r.sHat, a, s), r.signalFromNoisy], [shrinkageStrength(r.sHat, a, s), r.shrinkage]);
      for (const [got, want] of pairs) {
        expect(close(got, want, 1e-9), `${JSON.stringify(r)}: ${got} vs ${want}`).toBe(true);
        worst = Math.max(worst, Math.abs(got - want) / Math.max(Math.abs(want), 1e-12));
      }
    }
    expect(modes.length).toBeGreaterThan(90);
  });

  it('the shrinker’s predicted error (7.2) through §4.5 agrees to 1e-9', () => {
    for (const r of load('spiked.json').spectra) {
      const eff = effectiveSpike(r);
      expect(close(shrinkagePredictedError(r.teacherSingularValues, eff), r.shrinkageError, 1e-9)).toBe(true);
    }
  });

  it('Marchenko–Pastur CDF (4.2), quantiles and moments agree with quadrature of (4.1) to 1e-9', () => {
    for (const r of load('spiked.json').marchenkoPastur) {
      for (const [x, f] of r.cdf) expect(close(mpCdf(x, r.aspect, r.scale), f, 1e-9)).toBe(true);
      for (const [p, x] of r.quantile) expect(close(mpQuantile(p, r.aspect, r.scale), x, 1e-9)).toBe(true);
      for (const [k, m] of r.moments) expect(close(mpMoment(k, r.aspect, r.scale), m, 1e-9)).toBe(true);
    }
  });

  it('mode strengths s(t; ŝ) for D_w ∈ {1, 2, 3, 4, 6} agree to 1e-9', () => {
    for (const r of load('dynamics.json').modes) {
      const got = modeStrength(r.t, r.sHat, { initScale: r.initScale, tau: r.tau, depth: r.depth });
      expect(close(got, r.strength, 1e-9), `${JSON.stringify(r)}: ${got}`).toBe(true);
    }
  });

  it('error curves (5.5)–(5.8): F3 ranks 1 and 3, N2 < N3, deep D_w = 4, D_w = 1, P < N1, P > N1, N3 > N1 agree to 1e-6', () => {
    const { curves } = load('curves.json');
    expect(curves.map((c: { name: string }) => c.name)).toEqual([
      'F3 rank one',
      'F3 rank three',
      'N2 < N3, sigma 1.5',
      'deep D_w = 4 (F4)',
      'linear D_w = 1',
      'P < N1',
      'P > N1',
      'N3 > N1',
    ]);
    for (const c of curves) {
      const model = buildAsymptoticModel(c.config as TheorySpec);
      for (const p of c.points) {
        const got = theoryPoint(model, p.t);
        const where = `${c.name} at t = ${p.t}`;
        expect(close(got.testError, p.testError, 1e-6, 0), `${where}: test ${got.testError} vs ${p.testError}`).toBe(
          true,
        );
        expect(
          close(got.trainError, p.trainError, 1e-6, 0),
          `${where}: train ${got.trainError} vs ${p.trainError}`,
        ).toBe(true);
        got.strengths.forEach((s, a) => expect(close(s, p.strengths[a], 1e-6, 0), `${where}: s_${a}`).toBe(true));
      }
    }
  });
});
