import { c16aJointSvd as claim } from '../src/claims/c16aJointSvd.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
