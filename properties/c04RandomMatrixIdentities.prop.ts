import { c04RandomMatrixIdentities } from '../src/claims/c04RandomMatrixIdentities.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c04RandomMatrixIdentities);
