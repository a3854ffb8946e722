import { c12cSimulationWidth } from '../src/claims/c12StoppingVsSize.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c12cSimulationWidth);
