import { c01ModeDecoupling } from '../src/claims/c01ModeDecoupling.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c01ModeDecoupling);
