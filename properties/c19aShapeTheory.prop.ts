import { c19aShapeTheory } from '../src/claims/c19aShapeTheory.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c19aShapeTheory);
