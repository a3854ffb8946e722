import { mt04RelatednessConstruction as claim } from '../src/claims/mt04RelatednessConstruction.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
