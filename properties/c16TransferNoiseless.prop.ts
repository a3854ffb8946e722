import { c16cNoiseless as claim } from '../src/claims/c16TransferNoiseless.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
