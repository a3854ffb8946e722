import { c10aGdVsSemiAnalytic } from '../src/claims/c10aGdVsSemiAnalytic.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c10aGdVsSemiAnalytic);
