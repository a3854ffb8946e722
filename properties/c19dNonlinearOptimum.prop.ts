import { c19dNonlinearOptimum } from '../src/claims/c19dNonlinearOptimum.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c19dNonlinearOptimum);
