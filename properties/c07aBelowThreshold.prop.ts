import { c07aBelowThreshold } from '../src/claims/c07BelowThreshold.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c07aBelowThreshold);
