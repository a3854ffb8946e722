import { c02DiscreteVsClosedForm as claim } from '../src/claims/c02DiscreteVsClosedForm.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
