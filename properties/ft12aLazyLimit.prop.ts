import { ft12aLazyLimit } from '../src/claims/ft12aLazyLimit.js';
import { claimProperty } from './claimProperty.js';

claimProperty(ft12aLazyLimit);
