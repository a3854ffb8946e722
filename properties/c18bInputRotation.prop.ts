import { c18bInputRotation as claim } from '../src/claims/c18bInputRotation.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
