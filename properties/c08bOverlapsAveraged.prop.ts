import { c08bOverlapsAveraged } from '../src/claims/c08bOverlapsAveraged.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c08bOverlapsAveraged);
