import seedrandom from 'seedrandom';

/**
 * A seeded stream of random numbers. Streams are split by name with `fork`, so that
 * adding a draw in one stream never shifts the draws of another (teacher, noise,
 * inputs and initialisation each get their own stream derived from the config seed).
 */
export interface Rng {
  /** The stream's path, e.g. `7/run:0/noise`; two streams with the same path give the same draws. */
  readonly path: string;
  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal draw (Box–Muller, both values of each pair are used). */
  normal(): number;
  /** An independent stream named `name`, derived from this stream's path only (not from its state). */
  fork(name: string): Rng;
}

/** Creates the root stream of a seed; the same seed always gives the same numbers, on any run. */
export function createRng(seed: number | string): Rng {
  if (typeof seed === 'number' && !Number.isFinite(seed)) {
    throw new RangeError(`seed must be a finite number or a string, got ${seed}`);
  }
  return streamAt(String(seed));
}

function streamAt(path: string): Rng {
  const prng = seedrandom.alea(path);
  let spare = 0;
  let hasSpare = false;
  const uniform = (): number => prng.double();
  return {
    path,
    uniform,
    normal(): number {
      if (hasSpare) {
        hasSpare = false;
        return spare;
      }
      // u1 in (0, 1] keeps the logarithm finite.
      const u1 = 1 - uniform();
      const u2 = uniform();
      const r = Math.sqrt(-2 * Math.log(u1));
      const phi = 2 * Math.PI * u2;
      spare = r * Math.sin(phi);
      hasSpare = true;
      return r * Math.cos(phi);
    },
    fork(name: string): Rng {
      if (name.includes('/')) throw new RangeError(`stream name must not contain '/', got '${name}'`);
      return streamAt(`${path}/${name}`);
    },
  };
}

/** Fills a new Float64Array of length `n` with independent N(0, std²) draws. */
export function normals(rng: Rng, n: number, std = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = std * rng.normal();
  return out;
}
