export { createRng, normals, type Rng } from './rng.js';
