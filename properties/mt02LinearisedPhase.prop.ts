import { mt02LinearisedPhase as claim } from '../src/claims/mt02LinearisedPhase.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
