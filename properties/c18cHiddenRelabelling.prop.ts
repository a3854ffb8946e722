import { c18cHiddenRelabelling as claim } from '../src/claims/c18Invariances.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
