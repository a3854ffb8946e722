import { mt03TeacherSignal as claim } from '../src/claims/mt03TeacherSignal.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
