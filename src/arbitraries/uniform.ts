/** Kept for imports written before these moved to primitives.ts; `arbLogRange` is `arbLogUniform`. */
export { arbUniform, arbLogUniform as arbLogRange } from './primitives.js';
