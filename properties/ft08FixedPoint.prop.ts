import { ft08FixedPoint } from '../src/claims/ft08FixedPoint.js';
import { claimProperty } from './claimProperty.js';

claimProperty(ft08FixedPoint);
