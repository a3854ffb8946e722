import { c06NoisySingularValue } from '../src/claims/c06NoisySingularValue.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c06NoisySingularValue);
