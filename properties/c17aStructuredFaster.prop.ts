import { c17aStructuredFaster } from '../src/claims/c17aStructuredFaster.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c17aStructuredFaster);
