import { c10aGdVsSemiAnalytic } from '../src/claims/c10TheoryVsSimulation.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c10aGdVsSemiAnalytic);
