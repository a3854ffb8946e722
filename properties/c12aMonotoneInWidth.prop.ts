import { c12aMonotoneInWidth } from '../src/claims/c12aMonotoneInWidth.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c12aMonotoneInWidth);
