import { ft01NearestInterpolant } from '../src/claims/ft01NearestInterpolant.js';
import { claimProperty } from './claimProperty.js';

claimProperty(ft01NearestInterpolant);
