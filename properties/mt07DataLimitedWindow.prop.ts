import { mt07DataLimitedWindow } from '../src/claims/mt07DataLimitedWindow.js';
import { claimProperty } from './claimProperty.js';

claimProperty(mt07DataLimitedWindow);
