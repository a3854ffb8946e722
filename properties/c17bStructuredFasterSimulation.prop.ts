import { c17bStructuredFasterSimulation } from '../src/claims/c17bStructuredFasterSimulation.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c17bStructuredFasterSimulation);
