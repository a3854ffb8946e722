import { r07TaskPairBuilder } from '../src/claims/r07TaskPairBuilder.js';
import { claimProperty } from './claimProperty.js';

claimProperty(r07TaskPairBuilder);
