import { c16dOrthogonal as claim } from '../src/claims/c16dOrthogonal.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
