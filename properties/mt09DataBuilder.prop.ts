import { mt09DataBuilder as claim } from '../src/claims/mt09DataBuilder.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
