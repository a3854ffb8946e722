import { c11RandomVsAligned } from '../src/claims/c11RandomVsAligned.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c11RandomVsAligned);
