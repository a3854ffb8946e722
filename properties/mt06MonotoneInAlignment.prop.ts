import { mt06MonotoneInAlignment } from '../src/claims/mt06MonotoneInAlignment.js';
import { claimProperty } from './claimProperty.js';

claimProperty(mt06MonotoneInAlignment);
