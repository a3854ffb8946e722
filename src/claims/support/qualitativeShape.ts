/** Run length of C19's shape checks: 10τ at σ_z = 1 as in F3 (10000 epochs at λ = 1e-3), i.e. 10τ/σ_z by scale invariance (§9.8). */
export const C19_HORIZON_TAU = 10;
/** Required rise of ln ε_test from its minimum to the end of the run (§11 C19). */
export const C19_RISE = 0.1;
