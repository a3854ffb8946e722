import { ft10ScaleInvariance } from '../src/claims/ft10ScaleInvariance.js';
import { claimProperty } from './claimProperty.js';

claimProperty(ft10ScaleInvariance);
