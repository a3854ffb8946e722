import { c18cHiddenRelabelling as claim } from '../src/claims/c18cHiddenRelabelling.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
