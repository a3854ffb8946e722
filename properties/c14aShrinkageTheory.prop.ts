import { c14aShrinkageTheory as claim } from '../src/claims/c14aShrinkageTheory.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
