import { c16bOutputModes as claim } from '../src/claims/c16bOutputModes.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
