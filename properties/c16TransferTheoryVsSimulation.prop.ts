import { c16fTheoryVsSimulation as claim } from '../src/claims/c16TransferTheoryVsSimulation.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
