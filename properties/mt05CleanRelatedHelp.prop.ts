import { mt05CleanRelatedHelp } from '../src/claims/mt05CleanRelatedHelp.js';
import { claimProperty } from './claimProperty.js';

claimProperty(mt05CleanRelatedHelp);
