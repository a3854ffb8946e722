import { c19cNonlinearShape } from '../src/claims/c19cNonlinearShape.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c19cNonlinearShape);
