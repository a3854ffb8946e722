export { createRng, normals, type Rng } from './rng.js';
export { chi } from './chi.js';
