import { c19aShapeTheory } from '../src/claims/c19QualitativeShape.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c19aShapeTheory);
