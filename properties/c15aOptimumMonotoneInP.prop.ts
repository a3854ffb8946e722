import { c15aOptimumMonotoneInP } from '../src/claims/c15aOptimumMonotoneInP.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c15aOptimumMonotoneInP);
