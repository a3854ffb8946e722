import { ft12cSourceThroughDifference } from '../src/claims/ft12cSourceThroughDifference.js';
import { claimProperty } from './claimProperty.js';

claimProperty(ft12cSourceThroughDifference);
