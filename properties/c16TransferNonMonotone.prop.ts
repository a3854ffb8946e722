import { c16gNonMonotone as claim } from '../src/claims/c16TransferNonMonotone.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
