import { c19bShapeSimulation } from '../src/claims/c19bShapeSimulation.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c19bShapeSimulation);
