import { c16cNoiseless as claim } from '../src/claims/c16cNoiseless.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
