import { c15bLongTimePeak } from '../src/claims/c15bLongTimePeak.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c15bLongTimePeak);
