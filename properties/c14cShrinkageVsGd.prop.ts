import { c14cShrinkageVsGd as claim } from '../src/claims/c14cShrinkageVsGd.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
