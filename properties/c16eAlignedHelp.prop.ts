import { c16eAlignedHelp as claim } from '../src/claims/c16eAlignedHelp.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
