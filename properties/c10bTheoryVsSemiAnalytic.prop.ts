import { c10bTheoryVsSemiAnalytic } from '../src/claims/c10bTheoryVsSemiAnalytic.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c10bTheoryVsSemiAnalytic);
