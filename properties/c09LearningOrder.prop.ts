import { c09LearningOrder as claim } from '../src/claims/c09LearningOrder.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
