import { ft05FrozenOutOfSpan } from '../src/claims/ft05FrozenOutOfSpan.js';
import { claimProperty } from './claimProperty.js';

claimProperty(ft05FrozenOutOfSpan);
