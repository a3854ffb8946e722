import { c08aOverlaps } from '../src/claims/c08aOverlaps.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c08aOverlaps);
