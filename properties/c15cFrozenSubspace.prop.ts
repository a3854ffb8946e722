import { c15cFrozenSubspace } from '../src/claims/c15cFrozenSubspace.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c15cFrozenSubspace);
