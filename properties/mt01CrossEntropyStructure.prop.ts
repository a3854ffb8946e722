import { mt01CrossEntropyStructure as claim } from '../src/claims/mt01CrossEntropyStructure.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
