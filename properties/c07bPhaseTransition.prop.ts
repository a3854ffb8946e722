import { c07bPhaseTransition } from '../src/claims/c07bPhaseTransition.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c07bPhaseTransition);
