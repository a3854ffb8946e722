import { c15aOptimumMonotoneInP } from '../src/claims/c15NumberOfExamples.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c15aOptimumMonotoneInP);
