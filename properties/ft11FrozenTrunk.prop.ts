import { ft11FrozenTrunk } from '../src/claims/ft11FrozenTrunk.js';
import { claimProperty } from './claimProperty.js';

claimProperty(ft11FrozenTrunk);
