import { c18aScaleInvariance as claim } from '../src/claims/c18aScaleInvariance.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
