import { r01TaskBuilder } from '../src/claims/r01TaskBuilder.js';
import { claimProperty } from './claimProperty.js';

claimProperty(r01TaskBuilder);
