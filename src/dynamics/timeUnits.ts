/** Time conventions (§0.3 item 3, §2, §5.7): t in epochs (full-batch GD steps), τ = 1/λ. */

/** τ = 1/λ in epochs (§0.3, §2). */
export function timeConstant(learningRate: number): number {
  if (!(Number.isFinite(learningRate) && learningRate > 0)) {
    throw new RangeError(`learningRate must be a finite number > 0, got ${learningRate}`);
  }
  return 1 / learningRate;
}

/** t/τ for t in epochs (the plots' axis, epoch/1000 at λ = 1e-3), §0.3. */
export function epochsToTau(epochs: number, learningRate: number): number {
  return epochs / timeConstant(learningRate);
}

/** Epochs for a time given in units of τ, §0.3. */
export function tauToEpochs(t: number, learningRate: number): number {
  return t * timeConstant(learningRate);
}

/**
 * Effective time constant of a mode whose input direction has Σ11 = c·I: τ/c (Σ11 = D·I makes
 * modes D times faster), in epochs, §2, §5.7.
 */
export function effectiveTau(tau: number, inputScale: number): number {
  if (!(Number.isFinite(tau) && tau > 0)) throw new RangeError(`tau must be a finite number > 0, got ${tau}`);
  if (!(Number.isFinite(inputScale) && inputScale > 0)) {
    throw new RangeError(`inputScale must be a finite number > 0, got ${inputScale}`);
  }
  return tau / inputScale;
}
