import { c14cShrinkageVsGd as claim } from '../src/claims/c14ShrinkageBeatsGd.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
