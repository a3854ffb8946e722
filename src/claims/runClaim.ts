import fc from 'fast-check';
import type { AnyClaim, Outcome, Scale } from './claim.js';

/** Options of one property run of a claim. */
export interface RunClaimOptions {
  readonly seed: number;
  /** Instances to generate (defaults to the claim's count for the scale). */
  readonly numRuns?: number;
  readonly scale?: Scale;
  /** A fast-check shrink path to replay one failure exactly (with the same examples and scale). */
  readonly path?: string;
  /** Specs checked before the random ones (the claim's `examples`, recorded counterexamples); never shrunk. */
  readonly examples?: readonly unknown[];
  /** Implementation to check (defaults to the real one; pass a planted bug to show power). */
  readonly implementation?: unknown;
  /** Stop at the first failure without shrinking (for planted-bug power runs). */
  readonly noShrink?: boolean;
  /**
   * How the replay line reproduces the run: `'dlgen'` (a registered claim: `dlgen verify --claim …`) or
   * `'library'` (default: the `runClaim` call itself, which is what replays a user's own claim).
   */
  readonly replayWith?: 'dlgen' | 'library';
  /** Called after each generated instance (not during shrinking) with the count so far and the planned count. */
  readonly onInstance?: (done: number, total: number) => void;
}

/** What a property run found: the worst instance, and on failure the shrunk counterexample and how to replay it. */
export interface ClaimReport {
  readonly id: string;
  readonly name: string;
  readonly kind: AnyClaim['kind'];
  readonly reference: string;
  readonly holds: boolean;
  /** Instances checked (generated ones; examples and shrinking not counted). */
  readonly instances: number;
  /**
   * The generated instance with the largest ratio (closest to failing). Examples are not ranked: they must hold,
   * and a failing one is reported in `failure`, but their ratios are the same on every run.
   */
  readonly worst?: { readonly outcome: Outcome; readonly spec: unknown };
  readonly seed: number;
  readonly scale: Scale;
  readonly failure?: {
    readonly spec: unknown;
    readonly outcome?: Outcome;
    readonly path: string;
    readonly shrinks: number;
    readonly error?: string;
  };
  /** The command that replays the failure (or the run). */
  readonly replay: string;
  readonly seconds: number;
}

/** Runs a claim as a fast-check property and reports the outcome as data (formatting is separate). */
export function runClaim(claim: AnyClaim, options: RunClaimOptions): ClaimReport {
  const scale = options.scale ?? 'ci';
  const numRuns = options.numRuns ?? claim.instances[scale];
  const impl = options.implementation ?? claim.implementation;
  const examples = options.examples ?? [];
  const started = performance.now();
  let worst: { outcome: Outcome; spec: unknown } | undefined;
  let generated = 0;
  let shrinking = false;
  let examplesLeft = examples.length;
  const property = fc.property(claim.arbitrary(scale), (spec) => {
    const outcome = claim.check(spec, impl);
    if (!shrinking) {
      if (examplesLeft > 0) examplesLeft--;
      else {
        generated++;
        options.onInstance?.(generated, numRuns);
        if (!worst || outcome.ratio > worst.outcome.ratio || (!outcome.holds && worst.outcome.holds))
          worst = { outcome, spec };
      }
    }
    if (!outcome.holds) shrinking = true;
    return outcome.holds;
  });
  const details = fc.check(property, {
    seed: options.seed,
    // fast-check counts the examples within numRuns.
    numRuns: numRuns + examples.length,
    path: options.path,
    // Examples come first in fast-check's stream, so a path found with them replays only with them.
    examples: examples.map((e) => [e] as [unknown]),
    endOnFailure: options.noShrink ?? false,
  });
  const seconds = (performance.now() - started) / 1000;
  const base =
    options.replayWith === 'dlgen'
      ? `dlgen verify --claim ${claim.id} --seed ${options.seed}${scale === 'thorough' ? ' --thorough' : ''}`
      : libraryReplay(claim.id, options.seed, scale, options.numRuns);
  if (!details.failed) {
    return {
      id: claim.id,
      name: claim.name,
      kind: claim.kind,
      reference: claim.reference,
      holds: true,
      instances: generated,
      worst,
      seed: options.seed,
      scale,
      replay: base,
      seconds,
    };
  }
  const spec = details.counterexample?.[0];
  let outcome: Outcome | undefined;
  let error: string | undefined;
  try {
    outcome = claim.check(spec, impl);
  } catch (e) {
    error = (e as Error).message ?? String(e);
  }
  const path = details.counterexamplePath ?? '';
  return {
    id: claim.id,
    name: claim.name,
    kind: claim.kind,
    reference: claim.reference,
    holds: false,
    instances: generated,
    worst,
    seed: options.seed,
    scale,
    failure: { spec, outcome, path, shrinks: details.numShrinks, error },
    replay:
      options.replayWith === 'dlgen'
        ? `${base} --path ${path}`
        : libraryReplay(claim.id, options.seed, scale, options.numRuns, path),
    seconds,
  };
}

/** The `runClaim` call that replays a run of a claim that is not registered with `dlgen verify`. */
function libraryReplay(id: string, seed: number, scale: Scale, numRuns: number | undefined, path?: string): string {
  const opts = [
    `seed: ${seed}`,
    ...(scale === 'thorough' ? [`scale: 'thorough'`] : []),
    ...(numRuns !== undefined ? [`numRuns: ${numRuns}`] : []),
    ...(path !== undefined ? [`path: '${path}'`] : []),
  ];
  return `runClaim(claim /* ${id} */, { ${opts.join(', ')} })`;
}

/** A multi-line description of a failed report: claim, seed, path, spec, measured vs predicted, Δ, tolerance. */
export function describeFailure(report: Omit<ClaimReport, 'seconds'>): string {
  const f = report.failure;
  if (!f) return `${report.id} holds`;
  const o = f.outcome;
  const lines = [
    `${report.id} (${report.name}) FAILED after ${report.instances} instance(s), ${f.shrinks} shrink(s)`,
    `  seed ${report.seed}, path ${f.path}${report.scale === 'thorough' ? ', thorough' : ''}`,
    `  counterexample spec: ${JSON.stringify(f.spec)}`,
  ];
  if (o) {
    lines.push(
      `  measured ${o.measured}, predicted ${o.predicted}, Δ ${o.measured - o.predicted}, tolerance ${o.tolerance} (ratio ${o.ratio.toPrecision(3)})`,
    );
    if (o.detail) lines.push(`  ${o.detail}`);
  }
  if (f.error) lines.push(`  error: ${f.error}`);
  lines.push(`  replay: ${report.replay}`);
  return lines.join('\n');
}
