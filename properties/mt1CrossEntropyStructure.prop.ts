import { mt1CrossEntropyStructure as claim } from '../src/claims/mt1CrossEntropyStructure.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
