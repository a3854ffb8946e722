import { mt3TeacherSignal as claim } from '../src/claims/mt3TeacherSignal.js';
import { claimProperty } from './claimProperty.js';

claimProperty(claim);
