import { c08bOverlapsAveraged } from '../src/claims/c08Overlaps.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c08bOverlapsAveraged);
