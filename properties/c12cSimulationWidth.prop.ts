import { c12cSimulationWidth } from '../src/claims/c12cSimulationWidth.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c12cSimulationWidth);
