import { c16gNonMonotone as claim } from '../src/claims/c16gNonMonotone.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
