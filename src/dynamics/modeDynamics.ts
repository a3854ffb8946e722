/** Parameters of one decoupled mode's continuous-time dynamics (3.2), (3.6), §2–§3. */
export interface ModeDynamics {
  /** ε > 0: the mode's strength at t = 0 (the end-to-end map's initial singular value). */
  readonly initScale: number;
  /** τ = 1/λ, in epochs (> 0); times are in epochs. */
  readonly tau: number;
  /** D_w ≥ 1, the number of weight matrices. */
  readonly depth: number;
  /**
   * c ≥ 0 with Σ11 = c·I on the mode's input direction (default 1; D = P/N1 for P > N1; 0 for
   * a direction outside span(X)). The mode obeys τ ds/dt = D_w s^{2−2/D_w}(ŝ − c·s): it tends to ŝ/c,
   * c times faster (§2, §5.7), exactly as the discrete recursion (3.9) with `inputScale`.
   */
  readonly inputScale?: number;
}

/** Largest depth accepted (the config allows 64 hidden layers). */
export const MAX_DEPTH = 65;

/** Throws a RangeError naming the first invalid field of a ModeDynamics, §3. */
export function assertModeDynamics(o: ModeDynamics): void {
  if (!(Number.isFinite(o.initScale) && o.initScale > 0)) {
    throw new RangeError(`initScale must be a finite number > 0, got ${o.initScale}`);
  }
  if (!(Number.isFinite(o.tau) && o.tau > 0)) throw new RangeError(`tau must be a finite number > 0, got ${o.tau}`);
  if (!(Number.isInteger(o.depth) && o.depth >= 1 && o.depth <= MAX_DEPTH)) {
    throw new RangeError(`depth must be an integer in [1, ${MAX_DEPTH}], got ${o.depth}`);
  }
  const c = o.inputScale ?? 1;
  if (!(Number.isFinite(c) && c >= 0))
    throw new RangeError(`inputScale must be a finite number ≥ 0, got ${o.inputScale}`);
}

/** Throws unless ŝ is a finite number ≥ 0 (and, with inputScale 0, exactly 0: otherwise the mode grows without bound), §3. */
export function assertTarget(sHat: number, o: ModeDynamics): void {
  if (!(Number.isFinite(sHat) && sHat >= 0)) throw new RangeError(`sHat must be a finite number ≥ 0, got ${sHat}`);
  if ((o.inputScale ?? 1) === 0 && sHat > 0 && o.depth >= 2) {
    throw new RangeError(
      `sHat must be 0 when inputScale is 0 (a direction with no input variance cannot carry signal), got ${sHat}`,
    );
  }
}

/** Throws unless t is a number ≥ 0 in epochs (+∞ allowed: the limit ŝ/c), §0.3. */
export function assertTime(t: number, name = 't'): void {
  if (!(t >= 0)) throw new RangeError(`${name} must be a number ≥ 0 (epochs), got ${t}`);
}
