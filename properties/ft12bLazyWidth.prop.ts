import { ft12bLazyWidth } from '../src/claims/ft12bLazyWidth.js';
import { claimProperty } from './claimProperty.js';

claimProperty(ft12bLazyWidth);
