import { mt4RelatednessConstruction as claim } from '../src/claims/mt4RelatednessConstruction.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
