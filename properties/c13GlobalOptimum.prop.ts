import { c13GlobalOptimum as claim } from '../src/claims/c13GlobalOptimum.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
