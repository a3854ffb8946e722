import { c03ClosedForms as claim } from '../src/claims/c03ClosedForms.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
