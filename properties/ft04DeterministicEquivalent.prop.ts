import { ft04DeterministicEquivalent } from '../src/claims/ft04DeterministicEquivalent.js';
import { claimProperty } from './claimProperty.js';

claimProperty(ft04DeterministicEquivalent);
