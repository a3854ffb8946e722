import { c14bOracle as claim } from '../src/claims/c14bOracle.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
