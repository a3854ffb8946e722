import { c16fTheoryVsSimulation as claim } from '../src/claims/c16fTheoryVsSimulation.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
