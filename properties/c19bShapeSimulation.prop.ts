import { c19bShapeSimulation } from '../src/claims/c19QualitativeShape.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c19bShapeSimulation);
