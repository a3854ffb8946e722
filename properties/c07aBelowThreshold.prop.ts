import { c07aBelowThreshold } from '../src/claims/c07aBelowThreshold.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c07aBelowThreshold);
